import { strict as assert } from 'node:assert';
import type { Scope } from '../../../../src/triage/access/access-decision.js';
import { buildDigest } from '../../../../src/triage/digest/digest.js';
import { digestList } from '../../../../src/triage/digest/digest-lists.js';
import { DEFAULT_SLA_HOURS } from '../../../../src/triage/digest/digest-rules.js';
import { APAC, DAY, EMEA, HOUR, alertAged, inUnits, resolvedAlert, scoped } from '../../../support/digest-fixtures.js';

/*
 * The numbers the digest leads with (past SLA, unassigned high, oldest open and its age), the open alerts by
 * severity, the 7-day series of new vs resolved, and the false-positive rate per policy, at a fixed clock.
 */

const NOW = new Date('2026-03-10T07:00:00.000Z');
const ALL: Scope = { kind: 'unrestricted' };
const ONLY_EMEA: Scope = { kind: 'administrativeUnits', units: ['EMEA'] };
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();

describe('digest lead numbers and chart series (pure, fixed clock)', () => {
  it('past SLA, unassigned high and the oldest open alert with its id, version and age', () => {
    const oldest = alertAged(NOW, 9 * DAY + 4 * HOUR, { severity: 'low', status: 'inProgress', assignedTo: 'sam@x' });
    oldest.title = 'DLP policy match for document Payroll-2026.xlsx'; // may name a file: kept out of the digest
    const alerts = [
      alertAged(NOW, 5 * HOUR, { severity: 'high' }), // unassigned high, past its 4 h SLA
      alertAged(NOW, 1 * HOUR, { severity: 'high' }), // unassigned high, within SLA
      alertAged(NOW, 6 * HOUR, { severity: 'high', assignedTo: 'emma@x' }), // assigned: past SLA, not "unassigned high"
      alertAged(NOW, 2 * HOUR, { severity: 'medium' }), // unassigned, but not high
      oldest, // low, 9 d 4 h > 72 h: past SLA
      resolvedAlert(NOW, 20 * DAY, 2 * DAY, 'truePositive', { severity: 'high' }), // resolved: older, but not open
    ];
    const d = buildDigest(
      alerts.map((a) => scoped(a)),
      NOW,
      'UTC',
      ALL,
    );
    assert.equal(d.open.slaBreaches.total, 3);
    assert.equal(d.open.unassignedHigh, 2);
    assert.deepEqual(d.open.oldest, {
      alertId: oldest.id,
      version: oldest.lastUpdatedAt,
      createdAt: ago(9 * DAY + 4 * HOUR),
      severity: 'low',
      policyName: 'Policy A',
    });
    assert.equal(NOW.getTime() - Date.parse(d.open.oldest!.createdAt), 9 * DAY + 4 * HOUR, 'age 9 d 4 h');
    assert.equal(d.open.oldestCreatedAt, d.open.oldest!.createdAt);
    assert.ok(!JSON.stringify(d).includes('Payroll'), 'no alert title in the digest (it is kept in the outbox)');
  });

  it('nothing open: no oldest alert, zero lead numbers', () => {
    const d = buildDigest([scoped(resolvedAlert(NOW, 3 * DAY, DAY, 'falsePositive'))], NOW, 'UTC', ALL);
    assert.deepEqual([d.open.slaBreaches.total, d.open.unassignedHigh, d.open.oldest], [0, 0, undefined]);
  });

  it('the lead numbers keep to the scope: an APAC alert counts for nobody who sees only EMEA', () => {
    const apacOld = alertAged(NOW, 20 * DAY, { severity: 'high' });
    const emeaHigh = alertAged(NOW, 5 * HOUR, { severity: 'high' });
    const d = buildDigest([scoped(apacOld, inUnits(APAC)), scoped(emeaHigh, inUnits(EMEA))], NOW, 'UTC', ONLY_EMEA);
    assert.deepEqual([d.open.slaBreaches.total, d.open.unassignedHigh, d.open.oldest?.alertId], [1, 1, emeaHigh.id]);
  });

  it('open alerts by severity, every severity present (unknown too when there is one)', () => {
    const alerts = [
      alertAged(NOW, HOUR, { severity: 'high' }),
      alertAged(NOW, HOUR, { severity: 'high' }),
      alertAged(NOW, HOUR, { severity: 'medium' }),
      alertAged(NOW, HOUR, { severity: 'informational' }),
      alertAged(NOW, HOUR, { severity: 'unknown' }),
      resolvedAlert(NOW, 2 * HOUR, HOUR, 'truePositive', { severity: 'low' }), // resolved: not open
    ];
    const d = buildDigest(
      alerts.map((a) => scoped(a)),
      NOW,
      'UTC',
      ALL,
    );
    assert.deepEqual(d.open.bySeverity, { high: 2, medium: 1, low: 0, informational: 1, unknown: 1 });
    assert.equal(d.open.total, 5);
  });

  it('7-day series: seven 24-hour windows ending now, oldest first, new by creation and resolved by resolution', () => {
    const alerts = [
      alertAged(NOW, 0), // window 6 (the last 24 h)
      alertAged(NOW, DAY - 1), // window 6
      alertAged(NOW, DAY), // window 5: 24 h exactly is the day before
      alertAged(NOW, 3 * DAY + HOUR), // window 3
      alertAged(NOW, 7 * DAY - 1), // window 0
      alertAged(NOW, 7 * DAY), // older than the series
      resolvedAlert(NOW, 2 * HOUR, HOUR, 'truePositive'), // new in 6, resolved in 6
      resolvedAlert(NOW, 10 * DAY, 2 * DAY + HOUR, 'falsePositive'), // resolved in 4 (created before the series)
      resolvedAlert(NOW, 8 * DAY, 7 * DAY + HOUR, 'falsePositive'), // resolved before the series
    ];
    const d = buildDigest(
      alerts.map((a) => scoped(a)),
      NOW,
      'Europe/Berlin',
      ALL,
    );
    assert.deepEqual(
      d.trend.map((t) => [t.endsAt, t.new, t.resolved]),
      [
        [ago(6 * DAY), 1, 0],
        [ago(5 * DAY), 0, 0],
        [ago(4 * DAY), 0, 0],
        [ago(3 * DAY), 1, 0],
        [ago(2 * DAY), 0, 1],
        [ago(1 * DAY), 1, 0],
        [NOW.toISOString(), 3, 1],
      ],
    );
    const last = d.trend[6]!;
    assert.deepEqual(
      [last.new, last.resolved],
      [d.received.last24h, d.resolved24h.total],
      'the last window is the 24 h',
    );
  });

  it('7-day series of an empty digest: seven zero windows', () => {
    const d = buildDigest([], NOW, 'UTC', ALL);
    assert.equal(d.trend.length, 7);
    assert.ok(d.trend.every((t) => t.new === 0 && t.resolved === 0));
  });

  it('false-positive rate per policy over the classified alerts of the last 7 days', () => {
    const alerts = [
      resolvedAlert(NOW, 2 * DAY, DAY, 'falsePositive', { policyName: 'PCI' }),
      resolvedAlert(NOW, 2 * DAY, DAY, 'falsePositive', { policyName: 'PCI' }),
      resolvedAlert(NOW, 2 * DAY, DAY, 'falsePositive', { policyName: 'PCI' }),
      resolvedAlert(NOW, 2 * DAY, DAY, 'truePositive', { policyName: 'PCI' }),
      alertAged(NOW, DAY, { policyName: 'PCI' }), // unclassified: counts as an alert, not in the rate
      resolvedAlert(NOW, 3 * DAY, DAY, 'truePositive', { policyName: 'GDPR' }),
      alertAged(NOW, HOUR, { policyName: 'Source code' }),
      resolvedAlert(NOW, 8 * DAY, DAY, 'falsePositive', { policyName: 'GDPR' }), // created 8 days ago: not counted
    ];
    const d = buildDigest(
      alerts.map((a) => scoped(a)),
      NOW,
      'UTC',
      ALL,
    );
    assert.deepEqual(
      d.topPolicies.map((p) => [p.name, p.alerts, p.classified, p.falsePositives, p.falsePositiveRate]),
      [
        ['PCI', 5, 4, 3, 0.75],
        ['GDPR', 1, 1, 0, 0],
        ['Source code', 1, 0, 0, undefined],
      ],
    );
  });

  it('the unassigned-high list holds exactly the alerts the lead number counts, oldest first', () => {
    const a = alertAged(NOW, 5 * HOUR, { severity: 'high' });
    const b = alertAged(NOW, 9 * HOUR, { severity: 'high', status: 'inProgress' });
    const alerts = [
      a,
      alertAged(NOW, 6 * HOUR, { severity: 'high', assignedTo: 'emma@x' }),
      b,
      alertAged(NOW, 2 * HOUR, { severity: 'medium' }),
      resolvedAlert(NOW, 20 * HOUR, 2 * HOUR, 'truePositive', { severity: 'high' }),
    ];
    const listed = digestList('unassignedHigh', alerts, NOW.getTime(), DEFAULT_SLA_HOURS);
    assert.deepEqual(
      listed.map((x) => x.id),
      [b.id, a.id],
    );
    const d = buildDigest(
      alerts.map((x) => scoped(x)),
      NOW,
      'UTC',
      ALL,
    );
    assert.equal(d.open.unassignedHigh, listed.length);
  });
});
