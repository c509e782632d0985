import type { Logger } from '../logger.js';
import type { AuditSink, Clock } from '../triage/ports.js';
import { alertIdOf } from './outbox-route.js';
import type { Outbox, OutboxItem } from './outbox.js';
import { retryDelayMs } from './retry-policy.js';
import type { DeliveryError } from './teams-sender.js';

/** How failures are retried. */
export interface BookkeepingOptions {
  /** An item still failing this long after it was queued is given up (logged and audited). */
  maxAgeMs: number;
  /** The jitter of the backoff (Math.random by default). */
  random?: () => number;
}

/**
 * What happens to an item after its Teams call: removed once sent (or turned into an update when a newer
 * snapshot arrived meanwhile), booked for a retry with backoff, or given up with a log line and an audit
 * entry.
 */
export class OutboxBookkeeping {
  constructor(
    private readonly outbox: Outbox,
    private readonly audit: AuditSink,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly options: BookkeepingOptions,
  ) {}

  /**
   * Removes a sent item, unless a newer snapshot replaced it while the call was in flight: a newer
   * update stays queued; a newer version of a just-posted alert becomes an update of the new card.
   */
  async sent(item: OutboxItem): Promise<void> {
    const current = this.outbox.get(item.id);
    if (current === item || !current) return this.outbox.remove(item.id);
    if (current.kind === 'postAlert' && item.kind === 'postAlert') {
      await this.outbox.remove(item.id);
      await this.outbox.put(
        [{ id: `update:${current.alert.id}`, kind: 'updateAlert', alert: current.alert }],
        this.clock.now().getTime(),
      );
    }
    if (current.kind === 'postStorm' && item.kind === 'postStorm') {
      // The storm grew while its card was on the way: draw it again in place.
      await this.outbox.remove(item.id);
      await this.outbox.put(
        [{ id: `update-storm:${current.stormId}`, kind: 'updateStorm', stormId: current.stormId }],
        this.clock.now().getTime(),
      );
    }
  }

  /** Books a retry after a throttled or transient failure; gives up on any other, or when too old. */
  async failed(item: OutboxItem, error: DeliveryError, ms: number): Promise<void> {
    const now = this.clock.now().getTime();
    const delay = retryDelayMs(error, item.attempts, this.options.random ?? Math.random);
    const context = { itemId: item.id, kind: item.kind, status: error.status, attempts: item.attempts + 1, ms };
    if (delay === undefined || now + delay - item.enqueuedAt > this.options.maxAgeMs) {
      await this.giveUp(item, `${error.status ?? 'network error'}: ${error.message}`);
      return;
    }
    this.log.warn({ ...context, retryInMs: delay }, 'teams call failed; will retry');
    // Book the retry on the stored copy: a newer snapshot may have replaced the one that was sent.
    const current = this.outbox.get(item.id) ?? item;
    await this.outbox.replace({
      ...current,
      attempts: item.attempts + 1,
      notBefore: now + delay,
      lastError: error.message,
    });
  }

  /** Removes an item that can never be delivered: logged and audited, or only logged when `quiet`. */
  async giveUp(item: OutboxItem, reason: string, quiet = false): Promise<void> {
    if (!this.outbox.get(item.id)) return;
    await this.outbox.remove(item.id);
    const alertId =
      item.kind === 'personalMessage' ||
      item.kind === 'channelPost' ||
      item.kind === 'conversationMessage' ||
      item.kind === 'postStorm' ||
      item.kind === 'updateStorm'
        ? undefined
        : alertIdOf(item);
    if (quiet) {
      this.log.info({ itemId: item.id, kind: item.kind, reason }, 'teams call skipped');
      return;
    }
    this.log.error(
      { itemId: item.id, kind: item.kind, alertId, attempts: item.attempts, reason },
      'teams call given up',
    );
    await this.audit.append({ actor: 'system', action: `delivery.${item.kind}`, alertId, outcome: 'failed', reason });
  }
}
