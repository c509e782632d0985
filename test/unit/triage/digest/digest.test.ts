import { strict as assert } from 'node:assert';
import type { Scope } from '../../../../src/triage/access/access-decision.js';
import { buildDigest, NO_UNIT, type Digest } from '../../../../src/triage/digest/digest.js';
import {
  AMER,
  APAC,
  DAY,
  EMEA,
  HOUR,
  alertAged,
  inUnits,
  resolvedAlert,
  scoped,
} from '../../../support/digest-fixtures.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const ALL: Scope = { kind: 'unrestricted' };
const ONLY_EMEA: Scope = { kind: 'administrativeUnits', units: ['EMEA'] };
const NOTHING: Scope = { kind: 'administrativeUnits', units: [] };
const MIN = 60_000;

const severityRow = (d: Digest, s: string) => d.received.bySeverity.find((r) => r.severity === s);
const assignedBy = (minutesAfterCreate: number, createdAt: string, form: 'stripped' | 'raw' = 'stripped') => ({
  author: 'Sam Analyst',
  text:
    form === 'raw'
      ? 'Sam Analyst (via Teams): assigned the alert to Emma Analyst'
      : 'assigned the alert to Emma Analyst',
  createdAt: new Date(Date.parse(createdAt) + minutesAfterCreate * MIN).toISOString(),
});

describe('buildDigest (pure)', () => {
  it('empty: all zero, quiet, no medians, no per-AU rows, local date and time in the reader’s zone', () => {
    const d = buildDigest([], NOW, 'Europe/Berlin', ALL);
    assert.equal(d.inScope, 0);
    assert.equal(d.quiet, true);
    assert.deepEqual(d.received, {
      last24h: 0,
      previous24h: 0,
      bySeverity: ['high', 'medium', 'low', 'informational'].map((severity) => ({
        severity,
        last24h: 0,
        previous24h: 0,
      })),
    });
    assert.deepEqual(d.open, {
      total: 0,
      byStatus: { new: 0, inProgress: 0, other: 0 },
      byAge: { under1d: 0, d1to3: 0, d3to7: 0, over7d: 0 },
      unassigned: 0,
      slaBreaches: { total: 0, high: 0, medium: 0, low: 0 },
      unassignedHigh: 0,
      bySeverity: { high: 0, medium: 0, low: 0, informational: 0, unknown: 0 },
    });
    assert.deepEqual(d.resolved24h, { total: 0, truePositive: 0, falsePositive: 0, informational: 0, unclassified: 0 });
    assert.deepEqual(d.medians, {
      timeToAssign: { ms: undefined, count: 0 },
      timeToResolve: { ms: undefined, count: 0 },
    });
    assert.deepEqual([d.topPolicies, d.openByAssignee, d.byUnit], [[], [], []]);
    assert.deepEqual(
      [d.localDate, d.localTime, d.timeZone, d.generatedAt],
      ['2026-03-10', '13:00', 'Europe/Berlin', NOW.toISOString()],
    );
    assert.equal(buildDigest([], NOW, 'Pacific/Auckland', ALL).localDate, '2026-03-11');
  });

  it('all resolved: nothing open; the last 24 h split by classification; median time to resolve over 7 days', () => {
    const alerts = [
      resolvedAlert(NOW, 30 * HOUR, 2 * HOUR, 'truePositive'), // took 28 h
      resolvedAlert(NOW, 10 * HOUR, 1 * HOUR, 'falsePositive'), // 9 h
      resolvedAlert(NOW, 5 * HOUR, 4 * HOUR, 'informationalExpectedActivity'), // 1 h
      resolvedAlert(NOW, 3 * DAY, 2 * DAY, 'truePositive'), // resolved 2 days ago: not in 24 h, in 7 days (24 h)
      resolvedAlert(NOW, 20 * DAY, 8 * DAY, 'falsePositive'), // resolved 8 days ago: in neither
    ].map((a) => scoped(a));
    const d = buildDigest(alerts, NOW, 'UTC', ALL);
    assert.equal(d.open.total, 0);
    assert.equal(d.open.unassigned, 0);
    assert.equal(d.open.oldestCreatedAt, undefined);
    assert.deepEqual(d.resolved24h, { total: 3, truePositive: 1, falsePositive: 1, informational: 1, unclassified: 0 });
    assert.deepEqual(d.medians.timeToResolve, { ms: ((9 + 24) / 2) * HOUR, count: 4 }, 'median of 1, 9, 24, 28 h');
    assert.equal(d.received.last24h, 2);
    assert.equal(d.received.previous24h, 1);
    assert.equal(d.quiet, false);
  });

  it('mixed severities: received by severity with the change against the previous 24 h; SLA breaches per severity', () => {
    const alerts = [
      alertAged(NOW, 1 * HOUR, { severity: 'high' }),
      alertAged(NOW, 5 * HOUR, { severity: 'high' }), // high, open 5 h > 4 h: breach
      alertAged(NOW, 4 * HOUR, { severity: 'high', status: 'inProgress', assignedTo: 'sam@contoso.example' }), // exactly 4 h: not yet
      alertAged(NOW, 23 * HOUR, { severity: 'medium' }),
      alertAged(NOW, 25 * HOUR, { severity: 'medium' }), // previous 24 h; 25 h > 24 h: breach
      alertAged(NOW, 30 * HOUR, { severity: 'medium' }), // previous; breach
      alertAged(NOW, 47 * HOUR, { severity: 'low' }), // previous; 47 h < 72 h
      alertAged(NOW, 80 * HOUR, { severity: 'low' }), // breach
      alertAged(NOW, 2 * HOUR, { severity: 'informational' }),
      alertAged(NOW, 30 * DAY, { severity: 'informational' }), // no SLA
      resolvedAlert(NOW, 50 * HOUR, 40 * HOUR, 'truePositive', { severity: 'high' }), // resolved: never a breach
    ].map((a) => scoped(a));
    const d = buildDigest(alerts, NOW, 'UTC', ALL);
    assert.deepEqual([d.received.last24h, d.received.previous24h], [5, 3]);
    assert.deepEqual(severityRow(d, 'high'), { severity: 'high', last24h: 3, previous24h: 0 });
    assert.deepEqual(severityRow(d, 'medium'), { severity: 'medium', last24h: 1, previous24h: 2 });
    assert.deepEqual(severityRow(d, 'low'), { severity: 'low', last24h: 0, previous24h: 1 });
    assert.deepEqual(severityRow(d, 'informational'), { severity: 'informational', last24h: 1, previous24h: 0 });
    assert.equal(severityRow(d, 'unknown'), undefined, 'unknown severity only listed when present');
    assert.deepEqual(d.open.slaBreaches, { total: 4, high: 1, medium: 2, low: 1 });
    assert.deepEqual(d.open.byStatus, { new: 9, inProgress: 1, other: 0 });
    assert.equal(d.open.total, 10);
    assert.equal(d.open.unassigned, 9);
    assert.equal(d.open.oldestCreatedAt, new Date(NOW.getTime() - 30 * DAY).toISOString());
  });

  it('SLA hours come from the caller', () => {
    const alerts = [alertAged(NOW, 2 * HOUR, { severity: 'high' }), alertAged(NOW, 10 * HOUR, { severity: 'low' })].map(
      (a) => scoped(a),
    );
    assert.deepEqual(buildDigest(alerts, NOW, 'UTC', ALL, { high: 1, medium: 2, low: 8 }).open.slaBreaches, {
      total: 2,
      high: 1,
      medium: 0,
      low: 1,
    });
    assert.deepEqual(buildDigest(alerts, NOW, 'UTC', ALL).open.slaBreaches.total, 0);
  });

  it('age buckets are half-open at 1, 3 and 7 days; the received windows at 24 and 48 h', () => {
    const ages = [0, DAY - 1, DAY, 3 * DAY - 1, 3 * DAY, 7 * DAY - 1, 7 * DAY, 2 * DAY - 1, 2 * DAY];
    const d = buildDigest(
      ages.map((age) => scoped(alertAged(NOW, age, { severity: 'informational' }))),
      NOW,
      'UTC',
      ALL,
    );
    assert.deepEqual(d.open.byAge, { under1d: 2, d1to3: 4, d3to7: 2, over7d: 1 });
    assert.equal(d.received.last24h, 2, 'ages 0 and 24 h − 1 ms');
    assert.equal(d.received.previous24h, 2, 'ages 24 h and 48 h − 1 ms; 48 h itself is in neither window');
  });

  it('multiple AUs (unrestricted): one row per AU and one for alerts in none; an alert in two AUs counts in both', () => {
    const alerts = [
      scoped(alertAged(NOW, 1 * HOUR, { severity: 'high' }), inUnits(EMEA)),
      scoped(alertAged(NOW, 2 * DAY, { assignedTo: 'emma@contoso.example' }), inUnits(EMEA)),
      scoped(alertAged(NOW, 3 * HOUR), inUnits(EMEA, APAC)),
      scoped(alertAged(NOW, 6 * HOUR, { severity: 'low' }), inUnits(APAC)),
      scoped(alertAged(NOW, 9 * HOUR), inUnits()),
      scoped(alertAged(NOW, 9 * HOUR), 'unresolved'),
      scoped(resolvedAlert(NOW, 3 * DAY, 1 * HOUR, 'falsePositive'), inUnits(AMER)),
    ];
    const d = buildDigest(alerts, NOW, 'UTC', ALL);
    assert.equal(d.inScope, 7);
    assert.deepEqual(d.byUnit, [
      { unit: 'EMEA', open: 3, received24h: 2, unassigned: 2, slaBreaches: 1 },
      { unit: 'APAC', open: 2, received24h: 2, unassigned: 2, slaBreaches: 0 },
      { unit: NO_UNIT, open: 2, received24h: 2, unassigned: 2, slaBreaches: 0 },
      { unit: 'Americas', open: 0, received24h: 0, unassigned: 0, slaBreaches: 0 },
    ]);
    assert.equal(d.open.total, 6, 'the two-AU alert is one alert in the totals');
  });

  it('a restricted scope: only its alerts count, an alert in two AUs shows only under the covered one, no per-AU rows for one AU', () => {
    const alerts = [
      scoped(alertAged(NOW, 1 * HOUR, { severity: 'high', policyName: 'EMEA policy' }), inUnits(EMEA)),
      scoped(alertAged(NOW, 3 * HOUR, { policyName: 'Shared policy' }), inUnits(EMEA, APAC)),
      scoped(
        alertAged(NOW, 2 * HOUR, { severity: 'high', policyName: 'APAC policy', assignedTo: 'kenji@contoso.example' }),
        inUnits(APAC),
      ),
      scoped(alertAged(NOW, 2 * HOUR, { policyName: 'Nowhere policy' }), inUnits()),
      scoped(alertAged(NOW, 2 * HOUR, { policyName: 'Nowhere policy' }), 'unresolved'),
    ];
    const d = buildDigest(alerts, NOW, 'UTC', ONLY_EMEA);
    assert.equal(d.inScope, 2);
    assert.equal(d.received.last24h, 2);
    assert.deepEqual(
      d.topPolicies.map((p) => p.name),
      ['EMEA policy', 'Shared policy'],
    );
    assert.deepEqual(d.openByAssignee, []);
    assert.deepEqual(d.byUnit, [], 'one AU: no breakdown');

    const two = buildDigest(alerts, NOW, 'UTC', { kind: 'administrativeUnits', units: ['au-emea', 'apac'] });
    assert.equal(two.inScope, 3, 'units by id or by name');
    assert.deepEqual(
      two.byUnit.map((u) => [u.unit, u.open]),
      [
        ['APAC', 2],
        ['EMEA', 2],
      ],
    );
  });

  it('a scope that sees none: an empty, quiet digest even with alerts around', () => {
    const alerts = [
      scoped(alertAged(NOW, HOUR, { severity: 'high' }), inUnits(EMEA)),
      scoped(alertAged(NOW, HOUR), 'unresolved'),
    ];
    const d = buildDigest(alerts, NOW, 'UTC', NOTHING);
    assert.equal(d.inScope, 0);
    assert.equal(d.quiet, true);
    assert.deepEqual([d.received.last24h, d.open.total, d.topPolicies.length], [0, 0, 0]);
  });

  it('quiet means nothing received and nothing resolved in 24 h, even with an open backlog', () => {
    const d = buildDigest([scoped(alertAged(NOW, 3 * DAY, { severity: 'high' }))], NOW, 'UTC', ALL);
    assert.equal(d.quiet, true);
    assert.equal(d.open.total, 1);
    assert.equal(d.open.slaBreaches.total, 1);
  });

  it('top 5 policies by alerts of the last 7 days, with the false-positive rate over the classified ones', () => {
    const mk = (policyName: string, n: number, extra = {}) =>
      Array.from({ length: n }, () => scoped(alertAged(NOW, 2 * DAY, { policyName, ...extra })));
    const alerts = [
      ...mk('PCI', 4),
      scoped(resolvedAlert(NOW, 3 * DAY, DAY, 'falsePositive', { policyName: 'PCI' })),
      scoped(resolvedAlert(NOW, 3 * DAY, DAY, 'truePositive', { policyName: 'PCI' })),
      ...mk('GDPR', 5),
      ...mk('HIPAA', 3),
      ...mk('Source', 2),
      ...mk('Creds', 2),
      ...mk('Aus', 1),
      ...mk('Old', 9).map((s) => ({
        ...s,
        alert: { ...s.alert, createdAt: new Date(NOW.getTime() - 8 * DAY).toISOString() },
      })),
    ];
    const d = buildDigest(alerts, NOW, 'UTC', ALL);
    assert.deepEqual(
      d.topPolicies.map((p) => [p.name, p.alerts, p.classified, p.falsePositives, p.falsePositiveRate]),
      [
        ['PCI', 6, 2, 1, 0.5],
        ['GDPR', 5, 0, 0, undefined],
        ['HIPAA', 3, 0, 0, undefined],
        ['Creds', 2, 0, 0, undefined],
        ['Source', 2, 0, 0, undefined],
      ],
    );
  });

  it('open alerts per assignee: top 5, case-insensitive, resolved ones not counted', () => {
    const mk = (assignedTo: string, n: number) =>
      Array.from({ length: n }, () => scoped(alertAged(NOW, HOUR, { assignedTo, status: 'inProgress' })));
    const alerts = [
      ...mk('sam@contoso.example', 2),
      ...mk('SAM@contoso.example', 1),
      ...mk('emma@contoso.example', 4),
      ...mk('rui@contoso.example', 1),
      ...mk('a@contoso.example', 1),
      ...mk('b@contoso.example', 1),
      ...mk('c@contoso.example', 1),
      scoped(resolvedAlert(NOW, 2 * HOUR, HOUR, 'truePositive', { assignedTo: 'rui@contoso.example' })),
    ];
    const d = buildDigest(alerts, NOW, 'UTC', ALL);
    assert.deepEqual(d.openByAssignee, [
      { assignee: 'emma@contoso.example', open: 4 },
      { assignee: 'sam@contoso.example', open: 3 },
      { assignee: 'a@contoso.example', open: 1 },
      { assignee: 'b@contoso.example', open: 1 },
      { assignee: 'c@contoso.example', open: 1 },
    ]);
  });

  it('time to assign: first assignment comment − created, over assignments of the last 7 days; alerts without one are left out', () => {
    const a1 = alertAged(NOW, 2 * DAY, { assignedTo: 'emma@contoso.example' });
    a1.comments = [
      { author: 'Sam', text: 'looking', createdAt: a1.createdAt },
      assignedBy(90, a1.createdAt),
      assignedBy(300, a1.createdAt),
    ];
    const a2 = alertAged(NOW, 3 * DAY, { assignedTo: 'emma@contoso.example' });
    a2.comments = [assignedBy(30, a2.createdAt, 'raw')];
    const seededAssignee = alertAged(NOW, DAY, { assignedTo: 'sam@contoso.example' }); // assigned outside Teams: no comment
    const old = alertAged(NOW, 20 * DAY, { assignedTo: 'sam@contoso.example' });
    old.comments = [assignedBy(60, old.createdAt)]; // assigned 20 days ago: outside the 7 days
    const d = buildDigest(
      [a1, a2, seededAssignee, old].map((a) => scoped(a)),
      NOW,
      'UTC',
      ALL,
    );
    assert.deepEqual(d.medians.timeToAssign, { ms: 60 * MIN, count: 2 }, 'median of 90 and 30 minutes');
  });

  it('is pure: the same inputs give the same digest, and the inputs are not changed', () => {
    const alerts = [
      scoped(alertAged(NOW, HOUR, { severity: 'high' })),
      scoped(resolvedAlert(NOW, 2 * HOUR, HOUR, 'truePositive')),
    ];
    const before = JSON.stringify(alerts);
    assert.deepEqual(buildDigest(alerts, NOW, 'Europe/Berlin', ALL), buildDigest(alerts, NOW, 'Europe/Berlin', ALL));
    assert.equal(JSON.stringify(alerts), before);
  });
});
