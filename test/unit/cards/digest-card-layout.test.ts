import { strict as assert } from 'node:assert';
import { renderDigestCard } from '../../../cards/digest-card.js';
import { CardLayout } from '../../support/card-layout.js';
import { digestSample, view } from './digest-card-sample.js';

/*
 * The digest as the Agents Playground and other clients without Teams charts draw it: the `adaptivecards`
 * JavaScript renderer in headless Chromium, which knows no `Chart.*` element and so draws each chart's
 * fallback table. At a phone width (320 px) and a narrow pane (500 px) nothing may reach past the card, and
 * the lead numbers, their buttons and the numbers of every fallback table must be drawn inside it.
 */

describe('digest card layout in the Adaptive Cards renderer (headless Chromium)', function () {
  this.timeout(60_000);
  let layout: CardLayout | undefined;

  before(async () => {
    layout = await CardLayout.open();
  });

  after(async () => {
    await layout?.close();
  });

  const card = renderDigestCard(view(digestSample().alerts, { channelId: '19:emea@thread.tacv2' }));
  const visible = [
    '9 d 4 h',
    'past SLA',
    'Show past SLA',
    'unassigned high',
    'Show unassigned high',
    'oldest open',
    'Open oldest',
    'Open alerts by severity',
    'Informational',
    'New and resolved per day',
    'Tue, 3/10',
    'Wed, 3/4',
    'False-positive rate per policy (%)',
    '100 % of 1',
    'none classified',
  ];

  for (const width of [320, 500]) {
    it(`at ${width} px: no overflow; lead numbers, buttons and every fallback table drawn inside the card`, async () => {
      const result = await layout!.measure(card, width, visible);
      assert.ok(result.cardWidth <= width + 0.5, `the card is ${result.cardWidth} px wide in a ${width} px host`);
      assert.deepEqual(result.outside, [], 'no element reaches past the card');
      assert.deepEqual(result.hidden, [], 'every lead number and table value is drawn inside the visible card');
    });
  }
});
