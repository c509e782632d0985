import type { AccessService, Requester } from '../access/access-service.js';
import type { AuditSink, Clock } from '../ports.js';
import { TriageError } from '../triage-error.js';
import {
  subscriptionIdOf,
  type DigestPlace,
  type DigestSubscription,
  type DigestSubscriptionStore,
  type DigestTarget,
  type TriageChannelLookup,
} from './digest-subscription.js';
import { canonicalTimeZone, parseTimeOfDay, requireTimeZone } from './local-time.js';

export interface DigestSubscriptionDeps {
  access: Pick<AccessService, 'authorize'>;
  subscriptions: DigestSubscriptionStore;
  channels: TriageChannelLookup;
  audit: Pick<AuditSink, 'append'>;
  clock: Clock;
}

export const DEFAULT_DIGEST_TIME = '08:00';
export const NOT_A_TRIAGE_CHANNEL =
  'This channel is not a triage channel, so it has no digest. Register it first with "triage here".';

/** Who may have which digest: subscribing, unsubscribing and the settings of a place, audited. */
export class DigestSubscriptionService {
  constructor(private readonly deps: DigestSubscriptionDeps) {}

  /** Creates or changes a subscription; 08:00 and the Teams client's zone (else UTC) when not given. */
  async subscribe(
    requester: Requester,
    place: DigestPlace,
    input: { time?: string; timeZone?: string; clientTimeZone?: string },
  ): Promise<DigestSubscription> {
    const target = await this.authorizeTarget(requester, place);
    const time = input.time === undefined ? DEFAULT_DIGEST_TIME : parseTimeOfDay(input.time);
    const timeZone =
      input.timeZone !== undefined
        ? requireTimeZone(input.timeZone)
        : (canonicalTimeZone(input.clientTimeZone ?? '') ?? 'UTC');
    const id = subscriptionIdOf(target);
    const existing = this.deps.subscriptions.get(id);
    const name = target.kind === 'user' ? requester.name : channelName(this.deps.channels.get(target.channelId));
    const subscription: DigestSubscription = {
      id,
      target,
      name,
      time,
      timeZone,
      since: this.deps.clock.now().toISOString(),
      lastSentDate: existing?.lastSentDate,
      createdBy: { id: requester.id, name: requester.name },
    };
    await this.deps.subscriptions.save(subscription);
    await this.record(requester, 'digest.subscribe', { subscription: id, time, timeZone });
    return subscription;
  }

  /** Stops a digest; false when there was none. Anyone may stop their own; a channel's needs channel.manage. */
  async unsubscribe(requester: Requester, place: DigestPlace): Promise<boolean> {
    const target =
      place.kind === 'personal'
        ? ({ kind: 'user', userId: requester.id } as const)
        : await this.authorizeTarget(requester, place);
    const removed = await this.deps.subscriptions.remove(subscriptionIdOf(target));
    if (removed) await this.record(requester, 'digest.unsubscribe', { subscription: subscriptionIdOf(target) });
    return removed;
  }

  /** The subscription of the place, if any. */
  settings(requester: Requester, place: DigestPlace): DigestSubscription | undefined {
    const target: DigestTarget = place.kind === 'personal' ? { kind: 'user', userId: requester.id } : place;
    return this.deps.subscriptions.get(subscriptionIdOf(target));
  }

  /** The target a place stands for, after checking the requester may use it. */
  async authorizeTarget(requester: Requester, place: DigestPlace): Promise<DigestTarget> {
    if (place.kind === 'personal') {
      await this.deps.access.authorize(requester, 'digest.receive');
      return { kind: 'user', userId: requester.id };
    }
    await this.deps.access.authorize(requester, 'channel.manage');
    if (!this.deps.channels.get(place.channelId))
      throw new TriageError('invalid', NOT_A_TRIAGE_CHANNEL, { key: 'digest.notTriageChannel' });
    return { kind: 'channel', channelId: place.channelId };
  }

  private record(requester: Requester, action: string, details: Record<string, unknown>): Promise<void> {
    return this.deps.audit.append({
      actor: { id: requester.id, name: requester.name },
      action,
      outcome: 'success',
      details,
    });
  }
}

function channelName(channel: ReturnType<TriageChannelLookup['get']>): string | undefined {
  return channel ? [channel.teamName, channel.channelName].filter(Boolean).join(' / ') || undefined : undefined;
}
