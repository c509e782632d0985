import { Cron } from 'croner';
import type { Logger } from '../logger.js';
import type { DigestSubscription } from '../triage/digest/digest-subscription.js';
import type { Clock } from '../triage/ports.js';
import { dailyPattern, dueDigest } from './digest-due.js';

/** The subscriptions the scheduler follows, and word of every change to them. */
export interface ScheduledSubscriptions {
  list(): DigestSubscription[];
  onChange(listener: () => void): () => void;
}

/** Sends one subscription's digest for a local date (DigestService.deliver); idempotent per date. */
export type DeliverDigest = (
  subscriptionId: string,
  localDate: string,
) => Promise<{ outcome: string; reason?: string }>;

export interface DigestSchedulerOptions {
  /** A digest missed by less than this (downtime) is sent late, once; older ones are skipped. */
  catchUpHours: number;
  /** After a failed delivery, try again this much later (still within the catch-up window). Default 5 min. */
  retryMs?: number;
}

/**
 * Fires each subscription at its local time. One croner job per distinct (time, zone) wakes the
 * scheduler; what is due is then decided from the subscriptions themselves (`dueDigest`), so start-up
 * catch-up, a retry and an on-time run all follow the same rule and a digest cannot go out twice.
 * Runs are serialised. Subscription changes re-plan the jobs at once.
 */
export class DigestScheduler {
  private readonly jobs = new Map<string, Cron>();
  private readonly reported = new Set<string>();
  private running: Promise<void> = Promise.resolve();
  private retry?: ReturnType<typeof setTimeout>;
  private unsubscribe?: () => void;
  private stopped = true;

  constructor(
    private readonly subscriptions: ScheduledSubscriptions,
    private readonly deliver: DeliverDigest,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: DigestSchedulerOptions,
  ) {}

  /** Plans the jobs and sends what is due now (catch-up after downtime). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.subscriptions.onChange(() => this.plan());
    this.plan();
    void this.runDue();
  }

  /** Stops every job and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const job of this.jobs.values()) job.stop();
    this.jobs.clear();
    if (this.retry) clearTimeout(this.retry);
    await this.running;
  }

  /** Sends every due digest (serialised with any run in progress). */
  runDue(): Promise<void> {
    this.running = this.running
      .then(() => this.sendDue())
      .catch((e) => this.log.error({ err: e }, 'digest run failed'));
    return this.running;
  }

  /** The (time, zone) pairs that have jobs, for tests and health. */
  plannedTimes(): string[] {
    return [...this.jobs.keys()].sort();
  }

  private plan(): void {
    if (this.stopped) return;
    const wanted = new Map<string, DigestSubscription>(
      this.subscriptions.list().map((s) => [`${s.time} ${s.timeZone}`, s]),
    );
    for (const [key, job] of this.jobs) {
      if (wanted.has(key)) continue;
      job.stop();
      this.jobs.delete(key);
    }
    for (const [key, s] of wanted) {
      if (this.jobs.has(key)) continue;
      try {
        this.jobs.set(
          key,
          new Cron(dailyPattern(s.time), { timezone: s.timeZone, unref: true }, () => void this.runDue()),
        );
      } catch (e) {
        this.log.error({ err: e, subscription: s.id, time: s.time, timeZone: s.timeZone }, 'digest schedule rejected');
      }
    }
  }

  private async sendDue(): Promise<void> {
    if (this.stopped) return;
    const now = this.clock.now();
    const catchUpMs = this.options.catchUpHours * 3_600_000;
    let failed = false;
    for (const sub of this.subscriptions.list()) {
      let due;
      try {
        due = dueDigest(sub, now, catchUpMs);
      } catch (e) {
        this.log.error({ err: e, subscription: sub.id }, 'digest schedule could not be evaluated');
        continue;
      }
      if (!due) continue;
      const context = {
        subscription: sub.id,
        localDate: due.localDate,
        scheduledAt: due.scheduledAt.toISOString(),
        lateMinutes: Math.round(due.lateMs / 60_000),
      };
      if (due.kind === 'missed') {
        const key = `${sub.id}@${due.localDate}`;
        if (!this.reported.has(key))
          this.log.warn(
            { ...context, catchUpHours: this.options.catchUpHours },
            'digest skipped: missed by more than the catch-up window',
          );
        this.reported.add(key);
        continue;
      }
      try {
        const result = await this.deliver(sub.id, due.localDate);
        this.log.info({ ...context, outcome: result.outcome, reason: result.reason }, 'digest run');
      } catch (e) {
        failed = true;
        this.log.error({ ...context, err: e }, 'digest failed; will retry');
      }
    }
    if (failed && !this.stopped) {
      if (this.retry) clearTimeout(this.retry);
      this.retry = setTimeout(() => void this.runDue(), this.options.retryMs ?? 5 * 60_000);
      this.retry.unref?.();
    }
  }
}
