import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { renderAlertCard } from '../../../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import type { Alert } from '../../../src/triage/alert.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { alertWith } from '../../support/alerts.js';
import { CHROMIUM, hasChromium, launchChromium } from '../../support/chromium.js';

/*
 * Layout of the details view as an Adaptive Cards host draws it: the card is rendered by the `adaptivecards`
 * JavaScript renderer (the one the Agents Playground and web hosts use) in headless Chromium at a phone
 * width (320 px) and a narrow pane (500 px). Long values, such as a OneDrive path without spaces, must
 * wrap inside the card instead of widening it, and every sensitive information type must stay readable.
 */

const RENDERER = createRequire(import.meta.url).resolve('adaptivecards/dist/adaptivecards.min.js');

const SENSITIVE_TYPES = [
  'Credit Card Number',
  'International Banking Account Number (IBAN)',
  'EU Debit Card Number',
  'U.S. Social Security Number (SSN)',
  'U.K. National Insurance Number (NINO)',
  'Germany Identity Card Number',
  'France National ID Card (CNI)',
  'Spain Social Security Number (SSN)',
];

const longPathAlert: Alert = alertWith('dl-long-path', {
  title: 'DLP policy match: cardholder data in a OneDrive file shared with an external guest',
  createdAt: '2026-11-23T14:05:00Z',
  lastUpdatedAt: '2026-11-23T15:00:00Z',
  workload: 'OneDrive',
  policyName: 'PCI-DSS external sharing',
  ruleName: 'High volume of card numbers',
  subject: {
    id: '7d1f0c2e-0000-4000-8000-000000000001',
    displayName: 'Alexandra Konstantinopoulou',
    userPrincipalName: 'alexandra.konstantinopoulou@contoso-subsidiary-emea.onmicrosoft.com',
  },
  file: {
    name: 'Customer-Cardholder-Data-Export-2026-09-30-FINAL-v7-reviewed.xlsx',
    url:
      'https://contoso-my.sharepoint.com/personal/alexandra_konstantinopoulou_contoso_subsidiary_emea_onmicrosoft_com/Documents/' +
      'Finance-Reconciliation-2026/Quarterly-Card-Exports/Q3-Final-Versions/Customer-Cardholder-Data-Export-2026-09-30-FINAL-v7-reviewed.xlsx',
  },
  sensitiveInfoTypes: SENSITIVE_TYPES.map((name, i) => ({ name, count: 10 * (i + 1) + 7 })),
  assignedTo: 'alexandra.konstantinopoulou@contoso-subsidiary-emea.onmicrosoft.com',
});

interface Overflow {
  cardWidth: number;
  hostWidth: number;
  /** Elements of the card's body whose box reaches past the card's right (or left) edge. */
  outside: string[];
  /** Sensitive types whose text is missing, or drawn outside the card or a clipping ancestor. */
  hidden: string[];
}

/** Renders `card` into a `width`-px host and measures it in the page. */
async function measure(page: Page, card: unknown, width: number, texts: string[]): Promise<Overflow> {
  return page.evaluate(
    ({ card, width, texts }) => {
      const host = document.getElementById('host')!;
      host.replaceChildren();
      host.style.width = `${width}px`;
      const AC = (window as unknown as { AdaptiveCards: any }).AdaptiveCards;
      const adaptive = new AC.AdaptiveCard();
      adaptive.parse(card);
      const rendered: HTMLElement = adaptive.render();
      host.appendChild(rendered);
      const box = rendered.getBoundingClientRect();
      const describe = (el: Element) =>
        `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').slice(0, 40)}"`;
      const outside: string[] = [];
      for (const el of rendered.querySelectorAll('*')) {
        // The action bar is the host's to lay out (its width depends on the host's button styles), not the facts'.
        if (el.closest('.ac-actionSet')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) continue; // not displayed (a closed show-card)
        if (r.right > box.right + 0.5 || r.left < box.left - 0.5)
          outside.push(`${describe(el)} spans ${Math.round(r.left)}..${Math.round(r.right)}`);
      }
      const hidden: string[] = [];
      for (const text of texts) {
        const walker = document.createTreeWalker(rendered, NodeFilter.SHOW_TEXT);
        let node: Node | null;
        let found: { node: Node; at: number } | undefined;
        while ((node = walker.nextNode())) {
          const at = (node.textContent ?? '').indexOf(text);
          if (at >= 0) {
            found = { node, at };
            break;
          }
        }
        if (!found) {
          hidden.push(`${text}: not on the card`);
          continue;
        }
        const range = document.createRange();
        range.setStart(found.node, found.at);
        range.setEnd(found.node, found.at + text.length);
        // The text must lie inside the card and inside every ancestor that clips its content.
        const clips: Element[] = [rendered];
        for (let el = found.node.parentElement; el && el !== rendered; el = el.parentElement) {
          const style = getComputedStyle(el);
          if (style.overflowX !== 'visible' || style.overflowY !== 'visible') clips.push(el);
        }
        for (const r of range.getClientRects()) {
          for (const clip of clips) {
            const c = clip.getBoundingClientRect();
            if (r.left < c.left - 0.5 || r.right > c.right + 0.5 || r.top < c.top - 0.5 || r.bottom > c.bottom + 0.5) {
              hidden.push(
                `${text}: drawn at ${Math.round(r.left)}..${Math.round(r.right)}, outside ${describe(clip)} (${Math.round(c.left)}..${Math.round(c.right)})`,
              );
            }
          }
        }
      }
      return { cardWidth: box.width, hostWidth: width, outside, hidden };
    },
    { card, width, texts },
  );
}

describe('alert card layout in the Adaptive Cards renderer (headless Chromium)', function () {
  this.timeout(60_000);
  let profile: string;
  let context: BrowserContext | undefined;
  let page: Page;

  before(async () => {
    assert.ok(hasChromium, `${CHROMIUM} is needed (Debian package chromium; .ci/run installs it)`);
    profile = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-card-layout-chromium-'));
    context = await launchChromium(profile, []); // hermetic: the page is built in place
    page = context.pages()[0] ?? (await context.newPage());
    await page.setContent(
      '<!doctype html><html><body style="margin:0;font-family:sans-serif"><div id="host"></div></body></html>',
    );
    await page.addScriptTag({ path: RENDERER });
    // tsx compiles with esbuild's keepNames, which wraps the functions `measure` sends to the page in `__name`.
    await page.evaluate('window.__name = (fn) => fn');
  });

  after(async () => {
    await context?.close();
    if (profile) await fs.rm(profile, { recursive: true, force: true });
  });

  const details = renderAlertCard(longPathAlert, {
    actions: new Set<CardVerb>(CARD_VERBS),
    now: new Date('2026-11-23T17:10:00Z'),
    detail: 'full',
  });

  it('the details card for a very long OneDrive path is a valid Adaptive Card 1.5', () => {
    assert.deepEqual(validateAdaptiveCard(details), []);
  });

  for (const width of [320, 500]) {
    it(`at ${width} px, long values wrap inside the card and every sensitive information type is readable`, async () => {
      const result = await measure(page, details, width, [...SENSITIVE_TYPES, 'Customer-Cardholder-Data-Export']);
      assert.ok(result.cardWidth <= width + 0.5, `the card is ${result.cardWidth} px wide in a ${width} px host`);
      assert.deepEqual(result.outside, [], 'no element reaches past the card');
      assert.deepEqual(result.hidden, [], 'every sensitive type (and the file name) is drawn inside the visible card');
    });
  }
});
