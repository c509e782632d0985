import type { AlertDelivery } from '../delivery/alert-delivery.js';
import type { Logger } from '../logger.js';
import type { AlertStore } from '../triage/ports.js';
import { laterOf } from '../triage/timestamps.js';
import type { WatermarkRepository } from './watermark-repository.js';

const OVERLAP_MS = 5 * 60_000;

/**
 * Polls the alert store for alerts changed since a persisted watermark (`lastUpdateDateTime`) and hands
 * them to delivery. The watermark moves only after every page's outbox items are stored, and the window
 * is inclusive (`ge`), so a restart or a crash can re-read an alert but never skip one; delivery makes
 * the re-read a no-op. The watermark is read from its repository once, at open: one poller runs at a time.
 */
export class AlertPoller {
  private timer?: NodeJS.Timeout;
  private current?: Promise<void>;
  private running = false;
  private stopping = false;

  private constructor(
    private readonly store: AlertStore,
    private readonly delivery: AlertDelivery,
    private readonly watermarks: WatermarkRepository,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private last: string | undefined,
  ) {}

  /** A poller that goes on from the stored watermark. */
  static async open(
    watermarks: WatermarkRepository,
    store: AlertStore,
    delivery: AlertDelivery,
    intervalMs: number,
    log: Logger,
  ): Promise<AlertPoller> {
    return new AlertPoller(store, delivery, watermarks, intervalMs, log, await watermarks.get());
  }

  get watermark(): string | undefined {
    return this.last;
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for a poll in progress to finish storing what it read. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopping = true;
    clearTimeout(this.timer);
    await this.current;
  }

  /** One full pass over everything changed since the watermark; returns how many alerts it read. */
  async pollOnce(): Promise<number> {
    // Re-read a little before the watermark: an alert changed while a pass was paging (the backend's
    // order is not documented) can carry a timestamp older than the newest one read. Re-reads are free:
    // delivery ignores versions it has already queued.
    const watermark = this.watermark;
    const since = watermark === undefined ? undefined : new Date(Date.parse(watermark) - OVERLAP_MS).toISOString();
    let newest = watermark;
    let read = 0;
    let cursor: string | undefined;
    do {
      const page = await this.store.listChangedSince(since, cursor);
      await this.delivery.publish(page.alerts);
      for (const alert of page.alerts) newest = laterOf(newest, alert.lastUpdatedAt);
      read += page.alerts.length;
      cursor = page.next;
    } while (cursor && !this.stopping);
    if (newest && newest !== watermark && !cursor) {
      this.last = newest;
      await this.watermarks.set(newest);
    }
    return read;
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.pollOnce()
        .then((read) => {
          if (read) this.log.debug({ read, watermark: this.watermark }, 'poll done');
        })
        .catch((e) => this.log.error({ err: e }, 'poll failed; will retry at the next interval'))
        .finally(() => this.schedule(this.intervalMs));
    }, delayMs);
  }
}
