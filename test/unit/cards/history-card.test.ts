import { strict as assert } from 'node:assert';
import { formatHistoryTime, renderHistoryCard } from '../../../cards/history-card.js';
import type { HistoryEntry } from '../../../cards/history-lines.js';
import { alertWith } from '../../support/alerts.js';
import { CardLayout } from '../../support/card-layout.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { textsOf } from '../../support/card-tree.js';
import { Messages } from '../../../src/i18n/messages.js';

/** An English reader who reads 24-hour UTC times (en-GB), as the lines below were written. */
const i18n = new Messages().translator({ locale: 'en-GB' });

const SAM = { id: 'a0000000-0000-4000-8000-000000000002', name: 'Sam (Teams name)' };
const EVE = { id: 'e0000000-0000-4000-8000-00000000000e', name: '**Eve** [click](https://evil.example) <at>x</at>' };
const EMMA = 'a0000000-0000-4000-8000-000000000003';
const names = new Map([
  [SAM.id, 'Sam Analyst'],
  [EMMA, 'Emma Analyst'],
]);
const alert = alertWith('dl-hist-1', { title: 'Card numbers in *Q3* export' });
const plan = { planId: 'p1', remediation: 'disableUser' };
const STEP_DESCRIPTION = 'Disable the account of Lena Fischer (lena@contoso.example)';

const entries: HistoryEntry[] = [
  {
    at: '2026-11-22T23:58:00.000Z',
    actor: SAM,
    action: 'alert.assign',
    alertId: alert.id,
    outcome: 'success',
    details: { assignee: EMMA },
  },
  {
    at: '2026-11-23T00:01:00.000Z',
    actor: EVE,
    action: 'alert.comment',
    alertId: alert.id,
    outcome: 'success',
    details: { length: 5 },
  },
  {
    at: '2026-11-23T00:02:00.000Z',
    actor: EVE,
    action: 'alert.classify',
    alertId: alert.id,
    outcome: 'denied',
    reason: 'no role',
  },
  {
    at: '2026-11-23T14:02:00.000Z',
    actor: SAM,
    action: 'alert.classify',
    alertId: alert.id,
    outcome: 'success',
    details: { classification: 'truePositive', determination: 'maliciousUserActivity', resolved: true },
  },
  {
    at: '2026-11-23T14:05:00.000Z',
    actor: SAM,
    action: 'alert.remediate.step',
    alertId: alert.id,
    outcome: 'success',
    details: {
      ...plan,
      stepId: '1',
      description: STEP_DESCRIPTION,
      outcome: 'succeeded',
      message: 'Account disabled.',
    },
  },
  {
    at: '2026-11-23T14:05:01.000Z',
    actor: SAM,
    action: 'alert.remediate.confirm',
    alertId: alert.id,
    outcome: 'success',
    details: { ...plan, status: 'done' },
  },
  {
    at: '2026-11-23T14:06:00.000Z',
    actor: 'system',
    action: 'delivery.updateAlert',
    alertId: alert.id,
    outcome: 'failed',
    reason: '403: updateActivity failed: BotNotInConversationRoster stack at x.ts:12',
  },
];

describe('History card', () => {
  const card = renderHistoryCard(alert, entries, { names, showTargets: true, limit: 50, i18n });
  const texts = textsOf(card);

  it('is a valid Adaptive Card 1.5 with readable lines under day headings, oldest first', () => {
    assert.deepEqual(validateAdaptiveCard(card), []);
    const lines = texts.filter((t) => /^(\d\d:\d\d|\d{1,2} [A-Z]|[✓✗])/.test(t));
    assert.deepEqual(lines, [
      '22 Nov 2026',
      '23:58 Sam Analyst assigned it to Emma Analyst',
      '23 Nov 2026',
      `00:01 ${EVE.name.replace(/[\\`*_~[\]<>]/g, '\\$&')} commented`,
      '14:02 Sam Analyst classified it true positive — malicious user activity and resolved it',
      '14:05 Sam Analyst ran “Disable the user account”: done',
      `✓ ${STEP_DESCRIPTION} — Account disabled.`,
      '14:06 DLP Triage could not deliver a Teams message about this alert',
    ]);
  });

  it('leaves out refusals and internal reasons; escapes names (no link, emphasis or mention)', () => {
    const json = JSON.stringify(card);
    assert.ok(!json.includes('no role'));
    assert.ok(!/BotNotInConversationRoster|x\.ts|403/.test(json), 'a library message stays in the audit log');
    assert.ok(!texts.some((t) => t.includes('[click](')), 'no live link');
  });

  it('without targets, steps say only how they ended', () => {
    const viewer = textsOf(renderHistoryCard(alert, entries, { names, showTargets: false, limit: 50, i18n }));
    assert.ok(viewer.includes('✓ Step 1: done'));
    assert.ok(!viewer.some((t) => t.includes('Lena')));
  });

  it('says when older entries may be missing, and when there is nothing yet', () => {
    const cut = textsOf(renderHistoryCard(alert, entries, { names, showTargets: true, limit: entries.length, i18n }));
    assert.ok(cut.some((t) => t.includes('Only the latest entries are shown.')));
    assert.ok(!texts.some((t) => t.includes('Only the latest entries')));
    const empty = renderHistoryCard(alert, [], { names, showTargets: true, limit: 50, i18n });
    assert.deepEqual(validateAdaptiveCard(empty), []);
    assert.ok(textsOf(empty).includes('Nothing has been recorded for this alert yet.'));
  });

  it('formats every time in one function, in the reader’s zone and format', () => {
    assert.deepEqual(formatHistoryTime('2026-11-23T14:02:59.000Z', i18n), { day: '23 Nov 2026', time: '14:02' });
    const newYork = new Messages().translator({ locale: 'en-US', timeZone: 'America/New_York' });
    assert.deepEqual(formatHistoryTime('2026-11-23T14:02:59.000Z', newYork), { day: 'Nov 23, 2026', time: '09:02 AM' });
    assert.deepEqual(formatHistoryTime('nonsense', i18n), { day: 'unknown date', time: '--:--' });
  });

  describe('layout in the Adaptive Cards renderer (headless Chromium)', function () {
    this.timeout(60_000);
    let layout: CardLayout | undefined;
    before(async () => {
      layout = await CardLayout.open();
    });
    after(async () => {
      await layout?.close();
    });

    for (const width of [320, 500]) {
      it(`at ${width} px nothing reaches past the card and the step stays readable`, async () => {
        const result = await layout!.measure(card, width, ['Account disabled.']);
        assert.deepEqual(result.outside, []);
        assert.deepEqual(result.hidden, []);
      });
    }
  });
});
