import { covers, type AlertScope, type Scope } from '../access/access-decision.js';
import type { Alert, Severity } from '../alert.js';
import type { Digest, ScopedAlert, UnitRow } from './digest.js';
import { emptyDigest } from './empty-digest.js';
import { trendIndexOf } from './digest-trend.js';
import { DAY_MS, ageBucketOf, breachesSla, firstAssignmentAt, isOpen, median, type SlaHours } from './digest-rules.js';

export const DIGEST_SEVERITIES = [
  'high',
  'medium',
  'low',
  'informational',
  'unknown',
] as const satisfies readonly Severity[];
export const NO_UNIT = 'No administrative unit';
const TOP = 5;

type Bump = (field: Exclude<keyof UnitRow, 'unit'>) => void;
type SeverityRow = Digest['received']['bySeverity'][number];

/** Counts alerts into one digest, one alert at a time; `finish` sorts and trims the lists. */
export class DigestTally {
  private readonly d: Digest;
  private readonly nowMs: number;
  private readonly severity: Map<Severity, SeverityRow>;
  private readonly policies = new Map<string, Digest['topPolicies'][number]>();
  private readonly assignees = new Map<string, number>();
  private readonly units = new Map<string, UnitRow>();
  private readonly toAssign: number[] = [];
  private readonly toResolve: number[] = [];
  private oldestMs = Infinity;
  private oldest?: Alert;
  /** Alerts of one subject share one AlertScope object: each distinct one is placed once. */
  private readonly placements = new Map<AlertScope, UnitRow[] | undefined>();

  constructor(
    now: Date,
    timeZone: string,
    private readonly scope: Scope,
    private readonly sla: SlaHours,
  ) {
    this.nowMs = now.getTime();
    this.d = emptyDigest(now, timeZone);
    this.severity = new Map(
      DIGEST_SEVERITIES.map((s) => [s as Severity, { severity: s as Severity, last24h: 0, previous24h: 0 }]),
    );
  }

  /** Counts one alert, if the scope covers it. */
  add({ alert, units: where }: ScopedAlert): void {
    const rows = this.rowsOf(where);
    if (!rows) return;
    this.d.inScope++;
    const createdMs = Date.parse(alert.createdAt);
    const age = this.nowMs - createdMs;
    const bump: Bump = (field) => rows.forEach((r) => r[field]++);
    this.countReceived(alert, age, bump);
    const window = trendIndexOf(age);
    if (window !== undefined) this.d.trend[window]!.new++;
    if (age < 7 * DAY_MS) countPolicy(this.policies, alert);
    if (isOpen(alert)) this.countOpen(alert, age, createdMs, bump);
    else if (alert.resolvedAt) this.countResolution(alert.resolvedAt, alert, createdMs);
    const assignedMs = firstAssignmentAt(alert);
    if (assignedMs !== undefined && this.nowMs - assignedMs < 7 * DAY_MS)
      this.toAssign.push(Math.max(0, assignedMs - createdMs));
  }

  /** The digest of everything added. */
  finish(): Digest {
    const d = this.d;
    d.received.bySeverity = [...this.severity.values()].filter(
      (s) => s.severity !== 'unknown' || s.last24h + s.previous24h > 0,
    );
    if (this.oldest) {
      const { id, lastUpdatedAt, severity, policyName } = this.oldest;
      const createdAt = new Date(this.oldestMs).toISOString();
      d.open.oldestCreatedAt = createdAt;
      d.open.oldest = { alertId: id, version: lastUpdatedAt, createdAt, severity, policyName };
    }
    d.topPolicies = [...this.policies.values()]
      .sort((a, b) => b.alerts - a.alerts || a.name.localeCompare(b.name))
      .slice(0, TOP)
      .map((p) => ({ ...p, falsePositiveRate: p.classified ? p.falsePositives / p.classified : undefined }));
    d.openByAssignee = [...this.assignees]
      .map(([assignee, open]) => ({ assignee, open }))
      .sort((a, b) => b.open - a.open || a.assignee.localeCompare(b.assignee))
      .slice(0, TOP);
    d.medians = {
      timeToAssign: { ms: median(this.toAssign), count: this.toAssign.length },
      timeToResolve: { ms: median(this.toResolve), count: this.toResolve.length },
    };
    const units = this.units;
    d.byUnit =
      units.size > 1 ? [...units.values()].sort((a, b) => b.open - a.open || a.unit.localeCompare(b.unit)) : [];
    d.quiet = d.received.last24h === 0 && d.resolved24h.total === 0;
    return d;
  }

  /** The per-AU rows an alert in `where` counts in; undefined when the scope does not cover it. */
  private rowsOf(where: AlertScope): UnitRow[] | undefined {
    let rows = this.placements.get(where);
    if (rows === undefined && !this.placements.has(where)) {
      rows = covers(this.scope, where) ? unitRows(this.units, this.scope, where) : undefined;
      this.placements.set(where, rows);
    }
    return rows;
  }

  private countReceived(alert: Alert, age: number, bump: Bump): void {
    if (age < DAY_MS) {
      this.d.received.last24h++;
      this.severity.get(alert.severity)!.last24h++;
      bump('received24h');
    } else if (age < 2 * DAY_MS) {
      this.d.received.previous24h++;
      this.severity.get(alert.severity)!.previous24h++;
    }
  }

  private countOpen(alert: Alert, age: number, createdMs: number, bump: Bump): void {
    const o = this.d.open;
    o.total++;
    bump('open');
    if (alert.status === 'new' || alert.status === 'inProgress') o.byStatus[alert.status]++;
    else o.byStatus.other++;
    o.byAge[ageBucketOf(age)]++;
    o.bySeverity[alert.severity]++;
    if (createdMs < this.oldestMs) {
      this.oldestMs = createdMs;
      this.oldest = alert;
    }
    if (alert.assignedTo) {
      const who = alert.assignedTo.toLowerCase();
      this.assignees.set(who, (this.assignees.get(who) ?? 0) + 1);
    } else {
      o.unassigned++;
      if (alert.severity === 'high') o.unassignedHigh++;
      bump('unassigned');
    }
    if (breachesSla(alert, this.nowMs, this.sla)) {
      o.slaBreaches.total++;
      o.slaBreaches[alert.severity as 'high' | 'medium' | 'low']++;
      bump('slaBreaches');
    }
  }

  private countResolution(resolvedAt: string, alert: Alert, createdMs: number): void {
    const resolvedMs = Date.parse(resolvedAt);
    if (this.nowMs - resolvedMs < DAY_MS) countResolved(this.d.resolved24h, alert);
    const window = trendIndexOf(this.nowMs - resolvedMs);
    if (window !== undefined) this.d.trend[window]!.resolved++;
    if (this.nowMs - resolvedMs < 7 * DAY_MS) this.toResolve.push(Math.max(0, resolvedMs - createdMs));
  }
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
