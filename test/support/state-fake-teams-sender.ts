import {
  DeliveryError,
  type ChannelAddress,
  type ConversationAddress,
  type OutboundMessage,
  type TeamsSender,
} from '../../src/delivery/teams-sender.js';

/** One message as the fake Teams holds it now (edits overwrite it in place). */
export interface FakeMessage {
  activityId: string;
  channelId: string;
  conversationId: string;
  /** The root activity for replies; undefined for a thread root. */
  replyTo?: string;
  card?: Record<string, unknown>;
  text?: string;
  edits: number;
}

/** One call Teams received, successful or not, with the simulated time it arrived (Date.now()). */
export interface FakeCall {
  op: 'startThread' | 'send' | 'update';
  channelId: string;
  /** `card.alertId` when the message carries a card that names one. */
  alertId?: string;
  at: number;
  outcome: 'ok' | 'failed';
}

/**
 * A small in-memory Teams for the TeamsSender port: keeps the channels' threads and messages, can fail
 * chosen calls with DeliveryError, can take a while (`latencyMs`, on the timers in use) or hold a call
 * until the test releases it, and notes how many calls each channel has in flight at once.
 */
export class StateFakeTeamsSender implements TeamsSender {
  readonly messages = new Map<string, FakeMessage>();
  readonly calls: FakeCall[] = [];
  latencyMs = 0;
  /** The most calls in flight at once, per channel and overall. */
  readonly maxInFlight = new Map<string, number>();
  maxInFlightOverall = 0;

  private nextId = 1000;
  private readonly inFlight = new Map<string, number>();
  private readonly failures = new Map<string, DeliveryError[]>();
  private readonly permanent = new Map<string, DeliveryError>();
  private holds: Array<{ gate: Promise<void>; entered: () => void }> = [];

  /** The next calls about `alertId` fail with these errors, in order. */
  failNext(alertId: string, ...errors: DeliveryError[]): void {
    this.failures.set(alertId, [...(this.failures.get(alertId) ?? []), ...errors]);
  }

  /** Every call about `alertId` fails with `error`. */
  failAlways(alertId: string, error: DeliveryError): void {
    this.permanent.set(alertId, error);
  }

  /** The next call waits until `release()`; `entered` resolves once it has arrived. */
  holdNext(): { entered: Promise<void>; release: () => void } {
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const enteredP = new Promise<void>((r) => (entered = r));
    this.holds.push({ gate, entered });
    return { entered: enteredP, release };
  }

  /** Thread roots in a channel, oldest first. */
  threadsIn(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.replyTo);
  }

  /** The thread root whose card is about `alertId`. */
  threadOf(alertId: string): FakeMessage | undefined {
    return [...this.messages.values()].find((m) => !m.replyTo && m.card?.alertId === alertId);
  }

  /** Successful and failed calls' arrival times in one channel. */
  callTimes(channelId: string): number[] {
    return this.calls.filter((c) => c.channelId === channelId).map((c) => c.at);
  }

  async startThread(
    channel: ChannelAddress,
    message: OutboundMessage,
  ): Promise<{ conversationId: string; activityId: string }> {
    return this.call('startThread', channel.channelId, message, () => {
      const activityId = String(this.nextId++);
      const conversationId = `${channel.channelId};messageid=${activityId}`;
      this.messages.set(activityId, {
        activityId,
        channelId: channel.channelId,
        conversationId,
        card: message.card,
        text: message.text,
        edits: 0,
      });
      return { conversationId, activityId };
    });
  }

  async send(conversation: ConversationAddress, message: OutboundMessage): Promise<{ activityId: string }> {
    const [channelId, root] = conversation.conversationId.split(';messageid=');
    return this.call('send', channelId!, message, () => {
      const activityId = String(this.nextId++);
      this.messages.set(activityId, {
        activityId,
        channelId: channelId!,
        conversationId: conversation.conversationId,
        replyTo: root,
        card: message.card,
        text: message.text,
        edits: 0,
      });
      return { activityId };
    });
  }

  async update(conversation: ConversationAddress, activityId: string, message: OutboundMessage): Promise<void> {
    const [channelId] = conversation.conversationId.split(';messageid=');
    return this.call('update', channelId!, message, () => {
      const existing = this.messages.get(activityId);
      if (!existing || existing.conversationId !== conversation.conversationId)
        throw new DeliveryError('NotFound: no such activity', 404);
      existing.card = message.card;
      existing.text = message.text;
      existing.edits++;
    });
  }

  private async call<T>(op: FakeCall['op'], channelId: string, message: OutboundMessage, effect: () => T): Promise<T> {
    const alertId = typeof message.card?.alertId === 'string' ? message.card.alertId : undefined;
    const at = Date.now();
    const n = (this.inFlight.get(channelId) ?? 0) + 1;
    this.inFlight.set(channelId, n);
    this.maxInFlight.set(channelId, Math.max(this.maxInFlight.get(channelId) ?? 0, n));
    this.maxInFlightOverall = Math.max(
      this.maxInFlightOverall,
      [...this.inFlight.values()].reduce((a, b) => a + b, 0),
    );
    try {
      const hold = this.holds.shift();
      if (hold) {
        hold.entered();
        await hold.gate;
      }
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      const scripted = alertId ? this.failures.get(alertId)?.shift() : undefined;
      const error = scripted ?? (alertId ? this.permanent.get(alertId) : undefined);
      if (error) throw error;
      const result = effect();
      this.calls.push({ op, channelId, alertId, at, outcome: 'ok' });
      return result;
    } catch (e) {
      this.calls.push({ op, channelId, alertId, at, outcome: 'failed' });
      throw e;
    } finally {
      this.inFlight.set(channelId, this.inFlight.get(channelId)! - 1);
    }
  }
}
