import type { Alert, Severity } from '../alert.js';
import { isAssignmentComment } from '../teams-markup.js';

/**
 * The definitions a digest's numbers rest on, shared by the digest and the lists behind its buttons so
 * both always agree on what "open", "SLA breach" and "assigned" mean.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** How long an alert of each severity may stay open (SLA_HOURS_HIGH/_MEDIUM/_LOW). */
export interface SlaHours {
  high: number;
  medium: number;
  low: number;
}

export const DEFAULT_SLA_HOURS: SlaHours = Object.freeze({ high: 4, medium: 24, low: 72 });

/** Open = not resolved (an unknown status counts as open: nobody has closed it). */
export function isOpen(alert: Alert): boolean {
  return alert.status !== 'resolved';
}

/** The SLA of a severity in hours; informational and unknown alerts have none. */
export function slaHoursOf(severity: Severity, sla: SlaHours): number | undefined {
  return severity === 'high' || severity === 'medium' || severity === 'low' ? sla[severity] : undefined;
}

/** Open for longer than its severity's SLA (strictly: an alert exactly at its SLA is not yet a breach). */
export function breachesSla(alert: Alert, nowMs: number, sla: SlaHours): boolean {
  const hours = slaHoursOf(alert.severity, sla);
  return hours !== undefined && isOpen(alert) && nowMs - Date.parse(alert.createdAt) > hours * HOUR_MS;
}

export const AGE_BUCKETS = ['under1d', 'd1to3', 'd3to7', 'over7d'] as const;
export type AgeBucket = (typeof AGE_BUCKETS)[number];

/** Age buckets are half-open: [0, 1 d), [1 d, 3 d), [3 d, 7 d), [7 d, ∞); an age of exactly 1 day is "1–3 days". */
export function ageBucketOf(ageMs: number): AgeBucket {
  if (ageMs < DAY_MS) return 'under1d';
  if (ageMs < 3 * DAY_MS) return 'd1to3';
  if (ageMs < 7 * DAY_MS) return 'd3to7';
  return 'over7d';
}

/**
 * When the alert was first assigned, as far as we can know: the time of its first assignment comment.
 * Alerts have no assignment timestamp, and an assignment made in the portal (or seeded) leaves no such
 * comment, so those alerts have no time to assign and are left out of the median.
 */
export function firstAssignmentAt(alert: Alert): number | undefined {
  let first: number | undefined;
  for (const c of alert.comments) {
    if (!isAssignmentComment(c.text)) continue;
    const at = Date.parse(c.createdAt);
    if (!Number.isNaN(at) && (first === undefined || at < first)) first = at;
  }
  return first;
}

/** The median of some durations (mean of the two middle values for an even count); undefined when empty. */
export function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
