import { strict as assert } from 'node:assert';
import type { Inspection } from '../support/card-render-inspect.js';
import { CardRenderPage } from '../support/card-render-page.js';
import { alertCards, type ProductCard } from '../support/product-alert-cards.js';
import { otherCards } from '../support/product-other-cards.js';
import { SeedAlerts } from '../support/seed-tenant.js';
import { TEAMS_THEMES } from '../support/teams-host-configs.js';

/*
 * Readable everywhere: every kind of card the product sends, built by the real render functions over the
 * seed tenant, drawn by the official `adaptivecards` renderer with Teams' host configs (light, dark, high
 * contrast) in headless Chromium at a phone width (320 px) and a narrow pane (500 px). Every show card is
 * opened in turn. Nothing may reach past the card or be cut off (long values wrap), and every text must
 * meet WCAG AA contrast (4.5:1, 3:1 for large text) against the background it is actually drawn on.
 * Chromium missing is a failure that says how to install it, never a skip.
 */

const NOW = new Date('2026-03-10T07:00:00.000Z');
const WIDTHS = [320, 500];

/** Each failure as "card · state: what". */
function failures(
  cards: readonly ProductCard[],
  inspections: readonly Inspection[],
  pick: (i: Inspection) => string[],
) {
  return inspections.flatMap((inspection, n) => pick(inspection).map((what) => `${cards[n]!.name}: ${what}`));
}

const contrastFailures = (i: Inspection) =>
  i.texts
    .filter((t) => t.ratio < t.required)
    .map((t) => `[${t.state}] "${t.text}" ${t.color} on ${t.background}: ${t.ratio}:1 < ${t.required}:1`);

describe('cards in the Adaptive Cards renderer with Teams host configs (headless Chromium)', function () {
  this.timeout(180_000);
  let page: CardRenderPage | undefined;
  let cards: ProductCard[] = [];

  before(async () => {
    const seed = new SeedAlerts(NOW);
    cards = [...alertCards(seed, NOW), ...(await otherCards(seed, NOW))];
    page = await CardRenderPage.open();
  });

  after(async () => {
    await page?.close();
  });

  it('the harness sees what it must fail: a yellow text on white and a value that does not wrap', async () => {
    const bad = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'Medium severity', color: 'Warning', wrap: true },
        { type: 'TextBlock', text: `https://contoso.example/${'x'.repeat(120)}` },
      ],
    };
    const [inspection] = await page!.inspect([bad], { width: 320, theme: 'light' });
    assert.match(contrastFailures(inspection!).join('\n'), /"Medium severity" .*: 1\.47:1 < 4\.5:1/);
    assert.match(inspection!.overflow.join('\n'), /contoso\.example.* holds \d+ px of content in \d+ px/);
  });

  for (const width of WIDTHS) {
    for (const theme of TEAMS_THEMES) {
      describe(`${theme} theme at ${width} px`, () => {
        let inspections: Inspection[] = [];

        before(async () => {
          inspections = await page!.inspect(
            cards.map((c) => c.card),
            { width, theme },
          );
        });

        it('every card kind is drawn, with its show cards opened', () => {
          assert.equal(inspections.length, cards.length);
          const names = cards.map((c) => c.name).join('\n');
          for (const kind of [/full view/, /channel card/, /notice card/, /investigation of/, /remediation plan/])
            assert.match(names, kind);
          for (const kind of [/remediation run result/, /list card/, /^digest card/m, /^help card/m])
            assert.match(names, kind);
          const opened = inspections.flatMap((i) => i.states).filter((s) => s.startsWith('opened'));
          assert.ok(opened.length >= cards.length, `show cards opened: ${opened.length}`);
        });

        it('nothing reaches past the card or is cut off: long values wrap', () => {
          assert.deepEqual(
            failures(cards, inspections, (i) => i.overflow),
            [],
          );
          const tooWide = inspections.filter((i) => i.cardWidth > width + 0.5);
          assert.deepEqual(tooWide, [], `cards wider than ${width} px`);
        });

        it('every text, coloured ones included, has WCAG AA contrast against its rendered background', () => {
          const colored = inspections.flatMap((i) => i.texts.filter((t) => t.colored).map((t) => t.text));
          assert.ok(colored.length > 0, 'some texts are drawn in a colour (the check is not vacuous)');
          assert.deepEqual(failures(cards, inspections, contrastFailures), []);
        });
      });
    }
  }
});
