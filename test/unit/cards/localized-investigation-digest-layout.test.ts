import { strict as assert } from 'node:assert';
import { renderDigestCard } from '../../../cards/digest-card.js';
import { renderInvestigatingCard, renderInvestigationCard } from '../../../cards/investigation-card.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { CardLayout } from '../../support/card-layout.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { everyText } from '../../support/chart-texts.js';
import { DAY, alertAged, scoped } from '../../support/digest-fixtures.js';
import { PaddedTranslator } from '../../support/padded-translator.js';
import { NOW, digestSample, view } from './digest-card-sample.js';
import { investigation } from './investigation-card-sample.js';

/*
 * The investigation and digest cards as the Agents Playground draws them (the `adaptivecards` renderer in
 * headless Chromium, charts replaced by their fallback tables) at a phone's 320 px, with text 40 % longer
 * than English, in German and in Japanese: nothing reaches past the card and the headings are drawn inside it.
 */

function cards(i18n: Translator): Record<string, unknown> {
  const failing = investigation({
    activity: { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 30 },
    problems: [{ part: 'userAlerts' }, { part: 'incidentAlerts', code: 'forbidden' }],
  });
  return {
    investigation: renderInvestigationCard(investigation(), i18n),
    failingInvestigation: renderInvestigationCard(failing, i18n),
    waiting: renderInvestigatingCard('dl-inv-1', '29:sam', i18n),
    digest: renderDigestCard(view(digestSample().alerts, { channelId: '19:emea@thread.tacv2' }), i18n),
    quietDigest: renderDigestCard(view([scoped(alertAged(NOW, 3 * DAY, { severity: 'high' }))]), i18n),
  };
}

const shownLength = (card: unknown) => everyText(card).join('').length;

/** The start of messages that must be drawn inside the card (where the card has them). */
const visible = (i18n: Translator): string[] => [
  i18n.t('investigation.history.title').slice(0, 12),
  i18n.t('investigation.evidence.title').slice(0, 8),
  i18n.t('investigation.waiting.title').slice(0, 12),
  i18n.t('digest.pastSla').slice(0, 8),
  i18n.t('digest.showPastSla').slice(0, 8),
  i18n.t('digest.bySeverityTitle').slice(0, 12),
  i18n.t('digest.trendTitle').slice(0, 12),
  i18n.t('digest.quietDay').slice(0, 12),
];

describe('the investigation and digest cards stay inside 320 px when the text grows (headless Chromium)', function () {
  this.timeout(60_000);
  let layout: CardLayout | undefined;
  before(async () => {
    layout = await CardLayout.open();
  });
  after(async () => {
    await layout?.close();
  });

  const messages = new Messages();
  const english = cards(messages.translator());
  const readers: [string, Translator][] = [
    ['a pseudo-locale 40 % longer than English', new PaddedTranslator()],
    ['German', messages.translator({ locale: 'de-DE', timeZone: 'Europe/Berlin' })],
    ['Japanese', messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' })],
  ];
  for (const [who, i18n] of readers) {
    it(`${who}: both cards are valid, nothing reaches past them, and their texts are drawn inside`, async () => {
      for (const [name, card] of Object.entries(cards(i18n))) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        if (i18n instanceof PaddedTranslator)
          assert.ok(shownLength(card) > shownLength(english[name]) * 1.1, `${name}: its text grew`);
        const texts = visible(i18n).filter((t) => JSON.stringify(card).includes(JSON.stringify(t).slice(1, -1)));
        assert.ok(texts.length > 0, `${name}: some heading to look for`);
        const result = await layout!.measure(card, 320, texts);
        assert.ok(result.cardWidth <= 320.5, `${name}: ${result.cardWidth} px wide in a 320 px host`);
        assert.deepEqual(result.outside, [], `${name}: nothing reaches past the card`);
        assert.deepEqual(result.hidden, [], `${name}: its texts are drawn inside the card`);
      }
    });
  }
});
