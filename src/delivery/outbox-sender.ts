import type { Logger } from '../logger.js';
import type { AuditSink, Clock } from '../triage/ports.js';
import type { CardRegistry } from './card-registry.js';
import type { ChannelRegistry } from './channel-registry.js';
import { OutboxBookkeeping, type BookkeepingOptions } from './outbox-bookkeeping.js';
import { sendOutboxItem, type SendTargets } from './outbox-item-send.js';
import { conversationKey, routeOf } from './outbox-route.js';
import type { Outbox, OutboxItem } from './outbox.js';
import type { PersonalChats } from './personal-chats.js';
import { SlidingWindowLimiter, type RateWindow } from './rate-limiter.js';
import type { StormControl } from './storm-control.js';
import type { StormSendTargets } from './storm-send.js';
import { DeliveryError, type TeamsSender } from './teams-sender.js';

/** The Teams limits to keep to, and how long to retry (BookkeepingOptions). */
export interface OutboxSenderOptions extends BookkeepingOptions {
  conversationLimits: readonly RateWindow[];
  tenantLimits: readonly RateWindow[];
  /** Storm control and how storm cards are drawn, when storms are folded. */
  storms?: { control: StormControl; render: StormSendTargets['renderStorm'] };
}

/**
 * Drains the outbox: one call in flight per channel, in queue order, under the per-channel Teams limits
 * and a per-tenant limit, retrying throttling and transient failures with backoff and giving up on
 * other failures with a log line and an audit entry (outbox-bookkeeping.ts). Routing is outbox-route.ts,
 * the Teams call of one item outbox-item-send.ts; cards are rendered at send time from the alert snapshot
 * or the notice payload the item carries.
 */
export class OutboxSender {
  private readonly conversationLimiter: SlidingWindowLimiter;
  private readonly tenantLimiter: SlidingWindowLimiter;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private scheduled = false;
  private running = false;
  private readonly targets: SendTargets;
  private readonly bookkeeping: OutboxBookkeeping;

  constructor(
    private readonly outbox: Outbox,
    cards: CardRegistry,
    private readonly channels: ChannelRegistry,
    chats: PersonalChats,
    teams: TeamsSender,
    renderCard: SendTargets['renderCard'],
    renderNotice: SendTargets['renderNotice'],
    audit: AuditSink,
    private readonly log: Logger,
    private readonly clock: Clock,
    options: OutboxSenderOptions,
  ) {
    this.conversationLimiter = new SlidingWindowLimiter(options.conversationLimits);
    this.tenantLimiter = new SlidingWindowLimiter(options.tenantLimits);
    this.targets = {
      cards,
      channels,
      chats,
      teams,
      renderCard,
      renderNotice,
      storms: options.storms?.control,
      renderStorm: options.storms?.render,
    };
    this.bookkeeping = new OutboxBookkeeping(outbox, audit, log, clock, options);
    outbox.onChange(() => this.kick());
  }

  start(): void {
    this.running = true;
    this.kick();
  }

  /** Stops taking new items and waits for the calls in flight to finish and be recorded. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /**
   * Counts a call the bot makes outside the outbox (an in-turn reply) against its conversation's limits,
   * so that the outbox leaves room for it; returns what to call once the call completed.
   */
  noteDirectSend(conversationId: string): () => void {
    const key = conversationKey(conversationId, this.channels);
    const stamp = this.conversationLimiter.record(key, this.clock.now().getTime());
    // Call when the send completed, so the call counts at its latest possible arrival (see settle()).
    return () => this.conversationLimiter.settle(stamp, this.clock.now().getTime());
  }

  /** Pending and in-flight counts, for /healthz and benchmarks. */
  stats(): { pending: number; inFlight: number } {
    return { pending: this.outbox.size, inFlight: this.inFlight.size };
  }

  private kick(): void {
    if (!this.running || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.tick();
    });
  }

  private tick(): void {
    if (!this.running) return;
    clearTimeout(this.timer);
    const now = this.clock.now().getTime();
    const seen = new Set<string>();
    let nextWake = Infinity;
    for (const item of this.outbox.items()) {
      const route = routeOf(item, this.targets);
      if (route.kind === 'wait') continue;
      if (route.kind === 'drop') {
        void this.bookkeeping.giveUp(item, route.reason, route.quiet);
        continue;
      }
      if (seen.has(route.key)) continue; // only the head of each channel's queue may go
      seen.add(route.key);
      if (this.inFlight.has(route.key)) continue;
      const wait = Math.max(
        item.notBefore - now,
        this.conversationLimiter.delayFor(route.key, now),
        this.tenantLimiter.delayFor(route.tenantId, now),
      );
      if (wait > 0) {
        nextWake = Math.min(nextWake, wait);
        continue;
      }
      const stamp = this.conversationLimiter.record(route.key, now);
      this.tenantLimiter.record(route.tenantId, now);
      const attempt = this.attempt(item)
        .catch((e) => this.log.error({ err: e, itemId: item.id }, 'outbox bookkeeping failed'))
        .finally(() => {
          this.conversationLimiter.settle(stamp, this.clock.now().getTime());
          this.inFlight.delete(route.key);
          this.kick();
        });
      this.inFlight.set(route.key, attempt);
    }
    if (nextWake < Infinity) this.timer = setTimeout(() => this.kick(), Math.ceil(nextWake));
  }

  private async attempt(item: OutboxItem): Promise<void> {
    const started = Date.now();
    try {
      await sendOutboxItem(item, this.targets);
      await this.bookkeeping.sent(item);
      this.log.info(
        { itemId: item.id, kind: item.kind, attempts: item.attempts + 1, ms: Date.now() - started },
        'teams call sent',
      );
    } catch (e) {
      if (!(e instanceof DeliveryError)) throw e;
      await this.bookkeeping.failed(item, e, Date.now() - started);
    }
  }
}
