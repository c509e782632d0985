import type { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../logger.js';
import type { Alert } from '../triage/alert.js';
import type { Clock, NoticePayload } from '../triage/ports.js';
import type { CardRegistry } from './card-registry.js';
import type { ChannelRegistry } from './channel-registry.js';
import type { Outbox, OutboxItem, OutboxMessage } from './outbox.js';
import type { PersonalChats } from './personal-chats.js';
import { SlidingWindowLimiter, type RateWindow } from './rate-limiter.js';
import { retryDelayMs } from './retry-policy.js';
import { DeliveryError, type ConversationAddress, type OutboundMessage, type TeamsSender } from './teams-sender.js';

export interface OutboxSenderOptions {
  conversationLimits: readonly RateWindow[];
  tenantLimits: readonly RateWindow[];
  /** An item still failing this long after it was queued is given up (logged and audited). */
  maxAgeMs: number;
  random?: () => number;
}

/** Where an item goes: the rate-limit key (its channel) and how to reach it. */
type Route =
  | { kind: 'ready'; key: string; tenantId: string }
  | { kind: 'wait' }
  | { kind: 'drop'; reason: string; quiet?: boolean };

/**
 * Drains the outbox: one call in flight per channel, in queue order, under the per-channel Teams limits
 * and a per-tenant limit, retrying throttling and transient failures with backoff and giving up on
 * other failures with a log line and an audit entry. Cards are rendered at send time from the alert
 * snapshot or the notice payload the item carries.
 */
export class OutboxSender {
  private readonly conversationLimiter: SlidingWindowLimiter;
  private readonly tenantLimiter: SlidingWindowLimiter;
  private readonly inFlight = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private scheduled = false;
  private running = false;

  constructor(
    private readonly outbox: Outbox,
    private readonly cards: CardRegistry,
    private readonly channels: ChannelRegistry,
    private readonly chats: PersonalChats,
    private readonly teams: TeamsSender,
    private readonly renderCard: (alert: Alert) => Record<string, unknown>,
    private readonly renderNotice: (payload: NoticePayload) => Record<string, unknown>,
    private readonly audit: AuditLog,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly options: OutboxSenderOptions,
  ) {
    this.conversationLimiter = new SlidingWindowLimiter(options.conversationLimits);
    this.tenantLimiter = new SlidingWindowLimiter(options.tenantLimits);
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
    const channelKey = conversationId.split(';')[0]!;
    const key = this.channels.get(channelKey) ? channelKey : `chat:${conversationId}`;
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
      const route = this.routeOf(item);
      if (route.kind === 'wait') continue;
      if (route.kind === 'drop') {
        void this.giveUp(item, route.reason, route.quiet);
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

  private routeOf(item: OutboxItem): Route {
    if (item.kind === 'personalMessage') {
      const chat = this.chats.get(item.userId);
      // Only people who have a 1:1 chat with the bot can be reached; the rest get the thread mention.
      return chat
        ? { kind: 'ready', key: `chat:${chat.conversationId}`, tenantId: chat.tenantId }
        : { kind: 'drop', reason: 'no personal chat with this user', quiet: true };
    }
    const channelId =
      item.kind === 'postAlert' || item.kind === 'channelPost'
        ? item.channelId
        : this.cards.get(alertIdOf(item))?.channelId;
    if (!channelId)
      return item.kind === 'updateAlert' ? { kind: 'drop', reason: 'the alert has no posted card' } : { kind: 'wait' };
    const channel = this.channels.get(channelId);
    if (!channel) return { kind: 'drop', reason: `channel ${channelId} is no longer registered` };
    return { kind: 'ready', key: channelId, tenantId: channel.tenantId };
  }

  private async attempt(item: OutboxItem): Promise<void> {
    const started = Date.now();
    try {
      await this.send(item);
      await this.settle(item);
      this.log.info(
        { itemId: item.id, kind: item.kind, attempts: item.attempts + 1, ms: Date.now() - started },
        'teams call sent',
      );
    } catch (e) {
      if (!(e instanceof DeliveryError)) throw e;
      await this.handleFailure(item, e, Date.now() - started);
    }
  }

  /**
   * Removes a sent item, unless a newer snapshot replaced it while the call was in flight: a newer
   * update stays queued; a newer version of a just-posted alert becomes an update of the new card.
   */
  private async settle(sent: OutboxItem): Promise<void> {
    const current = this.outbox.get(sent.id);
    if (current === sent || !current) return this.outbox.remove(sent.id);
    if (current.kind === 'postAlert' && sent.kind === 'postAlert') {
      await this.outbox.remove(sent.id);
      await this.outbox.put(
        [{ id: `update:${current.alert.id}`, kind: 'updateAlert', alert: current.alert }],
        this.clock.now().getTime(),
      );
    }
  }

  private async send(item: OutboxItem): Promise<void> {
    if (item.kind === 'postAlert') {
      const channel = this.channels.get(item.channelId!)!;
      const { conversationId, activityId } = await this.teams.startThread(channel, {
        card: this.renderCard(item.alert),
      });
      await this.cards.save({
        alertId: item.alert.id,
        channelId: channel.channelId,
        tenantId: channel.tenantId,
        serviceUrl: channel.serviceUrl,
        conversationId,
        activityId,
        version: item.alert.lastUpdatedAt,
      });
      return;
    }
    if (item.kind === 'personalMessage') {
      const chat = this.chats.get(item.userId)!;
      await this.teams.send(chat, this.outbound(item.message));
      return;
    }
    if (item.kind === 'channelPost') {
      await this.teams.startThread(this.channels.get(item.channelId)!, this.outbound(item.message));
      return;
    }
    const card = this.cards.get(alertIdOf(item))!;
    const thread: ConversationAddress = {
      tenantId: card.tenantId,
      serviceUrl: card.serviceUrl,
      conversationId: card.conversationId,
    };
    if (item.kind === 'updateAlert') {
      await this.teams.update(thread, card.activityId, { card: this.renderCard(item.alert) });
      await this.cards.save({ ...card, version: item.alert.lastUpdatedAt });
    } else {
      await this.teams.send(thread, this.outbound(item.message));
    }
  }

  /** The Teams message for a stored one: its payload rendered now; a legacy card as the old version stored it. */
  private outbound({ payload, ...message }: OutboxMessage): OutboundMessage {
    if (!payload) return message;
    return { ...message, card: payload.kind === 'legacyCard' ? payload.card : this.renderNotice(payload) };
  }

  private async handleFailure(item: OutboxItem, error: DeliveryError, ms: number): Promise<void> {
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

  private async giveUp(item: OutboxItem, reason: string, quiet = false): Promise<void> {
    if (!this.outbox.get(item.id)) return;
    await this.outbox.remove(item.id);
    const alertId = item.kind === 'personalMessage' || item.kind === 'channelPost' ? undefined : alertIdOf(item);
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

/** The alert an alert-bound item is about. */
function alertIdOf(item: Exclude<OutboxItem, { kind: 'personalMessage' | 'channelPost' }>): string {
  return item.kind === 'threadReply' ? item.alertId : item.alert.id;
}
