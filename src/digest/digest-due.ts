import { Cron } from 'croner';
import type { DigestSubscription } from '../triage/digest/digest-subscription.js';
import { localDateOf } from '../triage/digest/local-time.js';

/** A digest fired by its own timer is "on time" even when the catch-up window is 0. */
const ON_TIME_GRACE_MS = 60_000;

/** The daily cron pattern of a local time of day (`07:30` → `30 7 * * *`). */
export function dailyPattern(time: string): string {
  const [h, m] = time.split(':').map(Number);
  return `${m} ${h} * * *`;
}

/**
 * The latest scheduled instant at or before `now` of a daily local time in a zone. croner does the
 * calendar work: DST included (a time that does not exist that day runs at the end of the gap, a time
 * that exists twice runs at its first occurrence).
 */
export function latestOccurrence(time: string, timeZone: string, now: Date): Date | undefined {
  const job = new Cron(dailyPattern(time), { timezone: timeZone, paused: true });
  try {
    // previousRuns excludes its reference instant itself; 1 ms later includes an occurrence exactly at `now`.
    return job.previousRuns(1, new Date(now.getTime() + 1))[0] ?? undefined;
  } finally {
    job.stop();
  }
}

/** The next scheduled instant strictly after `now` (for "next digest on ..."). */
export function nextOccurrence(time: string, timeZone: string, now: Date): Date | undefined {
  const job = new Cron(dailyPattern(time), { timezone: timeZone, paused: true });
  try {
    return job.nextRun(now) ?? undefined;
  } finally {
    job.stop();
  }
}

export type DueDigest =
  | { kind: 'send'; localDate: string; scheduledAt: Date; lateMs: number }
  | { kind: 'missed'; localDate: string; scheduledAt: Date; lateMs: number };

/**
 * Whether a subscription has a digest to send now. The catch-up rule: the latest occurrence is sent if
 * it was not sent yet (by local date), is not older than the subscription itself, and was missed by less
 * than `catchUpMs`; an older miss is skipped for good (the next day's digest comes as usual).
 */
export function dueDigest(sub: DigestSubscription, now: Date, catchUpMs: number): DueDigest | undefined {
  const scheduledAt = latestOccurrence(sub.time, sub.timeZone, now);
  if (!scheduledAt || scheduledAt.getTime() < Date.parse(sub.since)) return undefined;
  const localDate = localDateOf(scheduledAt, sub.timeZone);
  if (sub.lastSentDate !== undefined && sub.lastSentDate >= localDate) return undefined;
  const lateMs = now.getTime() - scheduledAt.getTime();
  return { kind: lateMs < catchUpMs || lateMs <= ON_TIME_GRACE_MS ? 'send' : 'missed', localDate, scheduledAt, lateMs };
}
