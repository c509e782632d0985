import { strict as assert } from 'node:assert';
import { renderAlertListCard } from '../../../cards/alert-list-card.js';
import { renderDigestCard } from '../../../cards/digest-card.js';
import { duration } from '../../../cards/digest-sections.js';
import { DIGEST_VERBS } from '../../../cards/digest-verbs.js';
import { threadDeepLink } from '../../../bot/thread-link.js';
import { buildDigest } from '../../../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../../../src/triage/digest/digest-rules.js';
import type { DigestView } from '../../../src/triage/digest/digest-service.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { APAC, DAY, EMEA, HOUR, alertAged, inUnits, resolvedAlert, scoped } from '../../support/digest-fixtures.js';
import { textsOf } from '../../support/card-tree.js';
import { Messages } from '../../../src/i18n/messages.js';

const NOW = new Date('2026-03-10T07:00:00.000Z');

function view(alerts = sample(), extra: Partial<DigestView> = {}): DigestView {
  return {
    digest: buildDigest(alerts, NOW, 'Europe/Berlin', { kind: 'unrestricted' }),
    scopeLabel: 'all administrative units',
    assigneeNames: { 'emma.analyst@contoso.example': 'Emma Analyst' },
    defenderUrl: 'https://security.microsoft.com/alerts?tid=t1',
    sla: DEFAULT_SLA_HOURS,
    ...extra,
  };
}

function sample() {
  const assigned = alertAged(NOW, 2 * DAY, {
    assignedTo: 'emma.analyst@contoso.example',
    status: 'inProgress',
    policyName: '*Bold* [PCI](x)',
  });
  assigned.comments = [
    {
      author: 'Sam',
      text: 'assigned the alert to Emma Analyst',
      createdAt: new Date(Date.parse(assigned.createdAt) + 90 * 60_000).toISOString(),
    },
  ];
  return [
    scoped(alertAged(NOW, HOUR, { severity: 'high' }), inUnits(EMEA)),
    scoped(alertAged(NOW, 30 * HOUR, { severity: 'low' }), inUnits(APAC)),
    scoped(assigned, inUnits(EMEA)),
    scoped(resolvedAlert(NOW, 10 * HOUR, 2 * HOUR, 'falsePositive'), inUnits(APAC)),
  ];
}

describe('digest card', () => {
  it('is a valid Adaptive Card 1.5 with the numbers, per-AU rows, and the three buttons', () => {
    const card = renderDigestCard(view());
    assert.deepEqual(validateAdaptiveCard(card), []);
    const all = textsOf(card, { facts: true });
    assert.ok(all.includes('DLP digest · Tue 10 Mar'), all.join('\n'));
    assert.ok(all.includes('all administrative units · as of 08:00 Europe/Berlin'));
    assert.ok(all.includes('New in the last 24 hours: 2 (+1 vs the 24 hours before)'), all.join('\n'));
    assert.ok(all.includes('High: 1 (+1)'));
    assert.ok(all.includes('Low: 0 (−1)'));
    assert.ok(all.includes('Open: 3'));
    assert.ok(all.includes('1–3 days: 2'));
    assert.ok(all.includes('Unassigned: 2'));
    assert.ok(all.includes('Past SLA: 1 (high 0, medium 1, low 0)'));
    assert.ok(all.includes('False positive: 1'));
    assert.ok(all.includes('Emma Analyst: 1'), 'assignee by display name');
    assert.ok(all.includes('Time to assign: 1 h 30 min (median over 1 alert assigned in Teams)'), all.join('\n'));
    assert.ok(all.includes('Time to resolve: 8 h (median over 1 alert)'));
    assert.ok(all.some((t) => t.startsWith('EMEA: 2 open')));
    assert.ok(all.includes('\\*Bold\\* \\[PCI\\](x): 1 · none classified yet'), 'policy names are escaped');
    const actions = card.actions as { type: string; verb?: string; url?: string; data?: unknown }[];
    assert.deepEqual(
      actions.map((a) => a.verb ?? a.url),
      ['digest.unassigned', 'digest.slaBreaches', 'https://security.microsoft.com/alerts?tid=t1'],
    );
    assert.ok(actions.every((a) => !a.verb || (DIGEST_VERBS as readonly string[]).includes(a.verb)));
    assert.deepEqual(actions[0]!.data, {});
  });

  it('a channel digest’s buttons carry the channel', () => {
    const card = renderDigestCard(view(sample(), { channelId: '19:emea@thread.tacv2' }));
    assert.deepEqual((card.actions as { data?: unknown }[])[1]!.data, { channelId: '19:emea@thread.tacv2' });
  });

  it('a quiet day is a short card that says so (and what is still open)', () => {
    const card = renderDigestCard(view([scoped(alertAged(NOW, 3 * DAY, { severity: 'high' }))]));
    assert.deepEqual(validateAdaptiveCard(card), []);
    const all = textsOf(card, { facts: true });
    assert.ok(all.includes('A quiet day: no new DLP alerts and none resolved in the last 24 hours.'));
    assert.ok(all.includes('Still open: 1 (oldest 3 d), 1 unassigned, 1 past SLA.'), all.join('\n'));
    assert.ok(all.length <= 4, 'short');
    assert.ok(textsOf(renderDigestCard(view([])), { facts: true }).includes('Nothing is open.'));
  });

  it('the button lists: valid, with a link to each alert’s thread when known and a way back', () => {
    const [a, b] = [alertAged(NOW, HOUR, { severity: 'high' }), alertAged(NOW, 2 * HOUR)];
    const link = threadDeepLink({ channelId: '19:general@thread.tacv2', activityId: '1700000000001', tenantId: 't1' });
    const card = renderAlertListCard('Unassigned open alerts (2)', [a!, b!], NOW, 'none', {
      threadUrl: (x) => (x.id === a!.id ? link : undefined),
      actions: [{ type: 'Action.Execute', title: 'Back to digest', verb: 'digest.show', data: {} }],
      i18n: new Messages().translator(),
    });
    assert.deepEqual(validateAdaptiveCard(card), []);
    const json = JSON.stringify(card);
    assert.equal(
      link,
      'https://teams.microsoft.com/l/message/19%3Ageneral%40thread.tacv2/1700000000001?tenantId=t1&parentMessageId=1700000000001',
    );
    assert.equal(json.split('Go to thread').length - 1, 1);
    assert.ok(json.includes(link));
    assert.ok(json.includes('digest.show'));
  });

  it('durations read naturally', () => {
    assert.deepEqual([20_000, 45 * 60_000, 3 * HOUR, 3 * HOUR + 20 * 60_000, 50 * HOUR, 3 * DAY].map(duration), [
      'under 1 min',
      '45 min',
      '3 h',
      '3 h 20 min',
      '2 d 2 h',
      '3 d',
    ]);
  });
});
