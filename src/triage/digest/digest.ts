import type { AlertScope, Scope } from '../access/access-decision.js';
import type { Alert, Severity } from '../alert.js';
import { DEFAULT_SLA_HOURS, type AgeBucket, type SlaHours } from './digest-rules.js';
import { DigestTally } from './digest-tally.js';

/** An alert with the administrative units it sits in (its subject's), resolved by the caller. */
export interface ScopedAlert {
  alert: Alert;
  units: AlertScope;
}

export { DIGEST_SEVERITIES, NO_UNIT } from './digest-tally.js';

export interface UnitRow {
  unit: string;
  open: number;
  received24h: number;
  unassigned: number;
  slaBreaches: number;
}

/**
 * The oldest open alert, enough to describe it and to open it (its card's version included). No title:
 * a digest view is kept in the outbox until sent, and a DLP alert's title can name a file or a mail
 * subject; the policy name is already in the digest.
 */
export interface OldestOpen {
  alertId: string;
  version: string;
  createdAt: string;
  severity: Severity;
  policyName?: string;
}

/** One 24-hour window of the 7-day series: it ends at `endsAt` (exclusive of its start, 24 h earlier). */
export interface TrendPoint {
  endsAt: string;
  new: number;
  resolved: number;
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
    /** Open, nobody assigned, severity high: the first thing a lead should hand out. */
    unassignedHigh: number;
    /** Open alerts of each severity (`unknown` included, usually 0). */
    bySeverity: Record<Severity, number>;
    oldestCreatedAt?: string;
    /** The open alert created first: what the digest's "oldest open" button opens. */
    oldest?: OldestOpen;
  };
  /**
   * Seven rolling 24-hour windows, oldest first; the last ends at `generatedAt` and is the same window as
   * `received.last24h` and `resolved24h`. New counts by creation, resolved by resolution time.
   */
  trend: TrendPoint[];
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
  const tally = new DigestTally(now, timeZone, scope, sla);
  for (const scoped of alerts) tally.add(scoped);
  return tally.finish();
}
