import { covers, type AlertScope, type Scope } from '../access/access-decision.js';
import type { Alert, Severity } from '../alert.js';
import { localDateOf, localTimeOf } from './local-time.js';
import {
  AGE_BUCKETS,
  DAY_MS,
  DEFAULT_SLA_HOURS,
  ageBucketOf,
  breachesSla,
  firstAssignmentAt,
  isOpen,
  median,
  type AgeBucket,
  type SlaHours,
} from './digest-rules.js';

/** An alert with the administrative units it sits in (its subject's), resolved by the caller. */
export interface ScopedAlert {
  alert: Alert;
  units: AlertScope;
}

export const DIGEST_SEVERITIES = [
  'high',
  'medium',
  'low',
  'informational',
  'unknown',
] as const satisfies readonly Severity[];
export const NO_UNIT = 'No administrative unit';
const TOP = 5;

export interface UnitRow {
  unit: string;
  open: number;
  received24h: number;
  unassigned: number;
  slaBreaches: number;
}

/** Everything one digest says; every window is rolling and ends at `generatedAt`. */
export interface Digest {
  generatedAt: string;
  timeZone: string;
  /** The reader's local date and time at `generatedAt`. */
  localDate: string;
  localTime: string;
  /** Alerts the scope covers, whatever their age. */
  inScope: number;
  /** Created less than 24 h before `generatedAt` (and, for the comparison, 24–48 h before). */
  received: {
    last24h: number;
    previous24h: number;
    bySeverity: { severity: Severity; last24h: number; previous24h: number }[];
  };
  open: {
    total: number;
    byStatus: { new: number; inProgress: number; other: number };
    byAge: Record<AgeBucket, number>;
    unassigned: number;
    slaBreaches: { total: number; high: number; medium: number; low: number };
    oldestCreatedAt?: string;
  };
  /** Resolved less than 24 h before `generatedAt`, by classification. */
  resolved24h: {
    total: number;
    truePositive: number;
    falsePositive: number;
    informational: number;
    unclassified: number;
  };
  /** Alerts created in the last 7 days, by policy; the false-positive rate is over those already classified. */
  topPolicies: {
    name: string;
    alerts: number;
    classified: number;
    falsePositives: number;
    falsePositiveRate?: number;
  }[];
  /** Open alerts per assignee (user principal name), busiest first. */
  openByAssignee: { assignee: string; open: number }[];
  /** Over events of the last 7 days: first assignment comment − created; resolved − created. */
  medians: { timeToAssign: { ms?: number; count: number }; timeToResolve: { ms?: number; count: number } };
  /** Per administrative unit, only when the scope's alerts span more than one (an alert in two AUs counts in both). */
  byUnit: UnitRow[];
  /** Nothing came in and nothing was resolved in the last 24 h. */
  quiet: boolean;
}

/**
 * The digest of the alerts `scope` covers, as of `now`, for a reader in `timeZone`. Pure: the same
 * inputs give the same digest, so it is tested on hand-built alert sets.
 */
export function buildDigest(
  alerts: readonly ScopedAlert[],
  now: Date,
  timeZone: string,
  scope: Scope,
  sla: SlaHours = DEFAULT_SLA_HOURS,
): Digest {
  const nowMs = now.getTime();
  const severity = new Map(
    DIGEST_SEVERITIES.map((s) => [s as Severity, { severity: s as Severity, last24h: 0, previous24h: 0 }]),
  );
  const d = emptyDigest(now, timeZone);
  const policies = new Map<string, Digest['topPolicies'][number]>();
  const assignees = new Map<string, number>();
  const units = new Map<string, UnitRow>();
  const toAssign: number[] = [];
  const toResolve: number[] = [];
  let oldestMs = Infinity;

  // Alerts of one subject share one AlertScope object: place each distinct one once.
  const placements = new Map<AlertScope, UnitRow[] | undefined>();
  const place = (where: AlertScope) => (covers(scope, where) ? unitRows(units, scope, where) : undefined);

  for (const { alert, units: where } of alerts) {
    let rows = placements.get(where);
    if (rows === undefined && !placements.has(where)) placements.set(where, (rows = place(where)));
    if (!rows) continue;
    d.inScope++;
    const createdMs = Date.parse(alert.createdAt);
    const age = nowMs - createdMs;
    const bump = (field: Exclude<keyof UnitRow, 'unit'>) => rows.forEach((r) => r[field]++);

    if (age < DAY_MS) {
      d.received.last24h++;
      severity.get(alert.severity)!.last24h++;
      bump('received24h');
    } else if (age < 2 * DAY_MS) {
      d.received.previous24h++;
      severity.get(alert.severity)!.previous24h++;
    }
    if (age < 7 * DAY_MS) countPolicy(policies, alert);

    if (isOpen(alert)) {
      const o = d.open;
      o.total++;
      bump('open');
      if (alert.status === 'new' || alert.status === 'inProgress') o.byStatus[alert.status]++;
      else o.byStatus.other++;
      o.byAge[ageBucketOf(age)]++;
      if (createdMs < oldestMs) oldestMs = createdMs;
      if (alert.assignedTo) {
        const who = alert.assignedTo.toLowerCase();
        assignees.set(who, (assignees.get(who) ?? 0) + 1);
      } else {
        o.unassigned++;
        bump('unassigned');
      }
      if (breachesSla(alert, nowMs, sla)) {
        o.slaBreaches.total++;
        o.slaBreaches[alert.severity as 'high' | 'medium' | 'low']++;
        bump('slaBreaches');
      }
    } else if (alert.resolvedAt) {
      const resolvedMs = Date.parse(alert.resolvedAt);
      if (nowMs - resolvedMs < DAY_MS) countResolved(d.resolved24h, alert);
      if (nowMs - resolvedMs < 7 * DAY_MS) toResolve.push(Math.max(0, resolvedMs - createdMs));
    }
    const assignedMs = firstAssignmentAt(alert);
    if (assignedMs !== undefined && nowMs - assignedMs < 7 * DAY_MS) toAssign.push(Math.max(0, assignedMs - createdMs));
  }

  d.received.bySeverity = [...severity.values()].filter(
    (s) => s.severity !== 'unknown' || s.last24h + s.previous24h > 0,
  );
  if (Number.isFinite(oldestMs)) d.open.oldestCreatedAt = new Date(oldestMs).toISOString();
  d.topPolicies = [...policies.values()]
    .sort((a, b) => b.alerts - a.alerts || a.name.localeCompare(b.name))
    .slice(0, TOP)
    .map((p) => ({ ...p, falsePositiveRate: p.classified ? p.falsePositives / p.classified : undefined }));
  d.openByAssignee = [...assignees]
    .map(([assignee, open]) => ({ assignee, open }))
    .sort((a, b) => b.open - a.open || a.assignee.localeCompare(b.assignee))
    .slice(0, TOP);
  d.medians = {
    timeToAssign: { ms: median(toAssign), count: toAssign.length },
    timeToResolve: { ms: median(toResolve), count: toResolve.length },
  };
  d.byUnit = units.size > 1 ? [...units.values()].sort((a, b) => b.open - a.open || a.unit.localeCompare(b.unit)) : [];
  d.quiet = d.received.last24h === 0 && d.resolved24h.total === 0;
  return d;
}

function emptyDigest(now: Date, timeZone: string): Digest {
  return {
    generatedAt: now.toISOString(),
    timeZone,
    localDate: localDateOf(now, timeZone),
    localTime: localTimeOf(now, timeZone),
    inScope: 0,
    received: { last24h: 0, previous24h: 0, bySeverity: [] },
    open: {
      total: 0,
      byStatus: { new: 0, inProgress: 0, other: 0 },
      byAge: Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>,
      unassigned: 0,
      slaBreaches: { total: 0, high: 0, medium: 0, low: 0 },
    },
    resolved24h: { total: 0, truePositive: 0, falsePositive: 0, informational: 0, unclassified: 0 },
    topPolicies: [],
    openByAssignee: [],
    medians: { timeToAssign: { count: 0 }, timeToResolve: { count: 0 } },
    byUnit: [],
    quiet: true,
  };
}

function countPolicy(policies: Map<string, Digest['topPolicies'][number]>, alert: Alert): void {
  const name = alert.policyName?.trim() || '(no policy name)';
  let p = policies.get(name);
  if (!p) policies.set(name, (p = { name, alerts: 0, classified: 0, falsePositives: 0 }));
  p.alerts++;
  if (alert.classification !== 'unknown') p.classified++;
  if (alert.classification === 'falsePositive') p.falsePositives++;
}

function countResolved(r: Digest['resolved24h'], alert: Alert): void {
  r.total++;
  if (alert.classification === 'truePositive') r.truePositive++;
  else if (alert.classification === 'falsePositive') r.falsePositive++;
  else if (alert.classification === 'informationalExpectedActivity') r.informational++;
  else r.unclassified++;
}

/**
 * The per-AU rows an alert counts in: its units the scope covers, or "No administrative unit" (unrestricted scopes
 * only).
 */
function unitRows(rows: Map<string, UnitRow>, scope: Scope, where: AlertScope): UnitRow[] {
  const names =
    where === 'unresolved' || where.units.length === 0
      ? [NO_UNIT]
      : where.units.filter((u) => covers(scope, { units: [u] })).map((u) => u.displayName);
  return names.map((unit) => {
    let row = rows.get(unit);
    if (!row) rows.set(unit, (row = { unit, open: 0, received24h: 0, unassigned: 0, slaBreaches: 0 }));
    return row;
  });
}
