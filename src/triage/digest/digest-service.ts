import type { Scope } from '../access/access-decision.js';
import type { AccessService, Requester } from '../access/access-service.js';
import type { Alert } from '../alert.js';
import type { AlertNotifier, AlertStore, AuditSink, Clock, Directory } from '../ports.js';
import { TriageError } from '../triage-error.js';
import { digestList, type DigestList } from './digest-lists.js';
import { DigestReader } from './digest-reader.js';
import type { SlaHours } from './digest-rules.js';
import { intersectScopes, viewScopeOf } from './digest-scope.js';
import {
  subscriptionIdOf,
  type DigestPlace,
  type DigestSubscription,
  type DigestSubscriptionStore,
  type TriageChannelLookup,
} from './digest-subscription.js';
import { DigestSubscriptionService, NOT_A_TRIAGE_CHANNEL } from './digest-subscription-service.js';
import type { DigestView } from './digest-view.js';
import { canonicalTimeZone } from './local-time.js';

export type { DigestList } from './digest-lists.js';
export type { DigestView } from './digest-view.js';
export type { DigestPlace } from './digest-subscription.js';

export interface DigestServiceDeps {
  alerts: Pick<AlertStore, 'listChangedSince'>;
  access: AccessService;
  directory: Pick<Directory, 'getUser' | 'listAdministrativeUnits'>;
  notifier: Pick<AlertNotifier, 'sendToUser' | 'postToChannel'>;
  subscriptions: DigestSubscriptionStore;
  channels: TriageChannelLookup;
  audit: Pick<AuditSink, 'append'>;
  clock: Clock;
  sla: SlaHours;
}

/**
 * The digest use cases: subscriptions (who may have which), building a digest for a reader's scope, the
 * lists behind its buttons, and the daily delivery the scheduler asks for. Digests leave as values
 * (DigestView); the edge renders them.
 */
export class DigestService {
  private readonly reader: DigestReader;
  private readonly subscriptions: DigestSubscriptionService;

  constructor(private readonly deps: DigestServiceDeps) {
    this.reader = new DigestReader(deps);
    this.subscriptions = new DigestSubscriptionService(deps);
  }

  /** Creates or changes a subscription; 08:00 and the Teams client's zone (else UTC) when not given. */
  subscribe(
    requester: Requester,
    place: DigestPlace,
    input: { time?: string; timeZone?: string; clientTimeZone?: string },
  ): Promise<DigestSubscription> {
    return this.subscriptions.subscribe(requester, place, input);
  }

  /** Stops a digest; false when there was none. Anyone may stop their own; a channel's needs channel.manage. */
  unsubscribe(requester: Requester, place: DigestPlace): Promise<boolean> {
    return this.subscriptions.unsubscribe(requester, place);
  }

  /** The subscription of the place, if any. */
  settings(requester: Requester, place: DigestPlace): DigestSubscription | undefined {
    return this.subscriptions.settings(requester, place);
  }

  /**
   * A digest right now, in the subscription's zone, else the client's, else UTC. Does not count as the day's
   * digest.
   */
  async digestNow(requester: Requester, place: DigestPlace, clientTimeZone?: string): Promise<DigestView> {
    const target = await this.subscriptions.authorizeTarget(requester, place);
    const zone =
      this.deps.subscriptions.get(subscriptionIdOf(target))?.timeZone ??
      canonicalTimeZone(clientTimeZone ?? '') ??
      'UTC';
    return target.kind === 'user'
      ? this.reader.view(viewScopeOf(await this.deps.access.grantsOf(requester.id)), zone)
      : this.reader.view(this.channelScope(target.channelId), zone, target.channelId);
  }

  /**
   * The digest a card button shows (rebuilt as of now): the requester's own, or, for a channel digest,
   * what the requester may see within the channel's scope. In the subscription's zone, else UTC.
   */
  async view(requester: Requester, channelId?: string): Promise<DigestView> {
    if (!channelId) return this.digestNow(requester, { kind: 'personal' });
    await this.deps.access.authorize(requester, 'alert.view');
    const channel = this.deps.channels.get(channelId);
    if (!channel) throw new TriageError('invalid', NOT_A_TRIAGE_CHANNEL, { key: 'digest.notTriageChannel' });
    const zone = this.deps.subscriptions.get(subscriptionIdOf({ kind: 'channel', channelId }))?.timeZone ?? 'UTC';
    const scope = await this.narrowToChannel(viewScopeOf(await this.deps.access.grantsOf(requester.id)), channelId);
    return this.reader.view(scope, zone, channelId);
  }

  /**
   * The alerts behind a digest button that the requester may see (within the channel's scope when the
   * digest was a channel's): unassigned open ones by severity then age, or SLA breaches most overdue first.
   */
  async list(requester: Requester, which: DigestList, channelId?: string): Promise<Alert[]> {
    await this.deps.access.authorize(requester, 'alert.view');
    const own = viewScopeOf(await this.deps.access.grantsOf(requester.id));
    const narrowed = channelId ? this.narrowToChannel(own, channelId) : own;
    const [scoped, scope] = await Promise.all([this.reader.read(), narrowed]);
    return digestList(which, scoped.visibleIn(scope), this.deps.clock.now().getTime(), this.deps.sla);
  }

  /**
   * Sends a subscription's digest for a local date, once: the date is persisted before the card is
   * queued, so a crash in between loses that day's digest rather than sending it twice.
   */
  async deliver(
    subscriptionId: string,
    localDate: string,
  ): Promise<{ outcome: 'sent' | 'already-sent' | 'gone' | 'skipped'; reason?: string }> {
    const sub = this.deps.subscriptions.get(subscriptionId);
    if (!sub) return { outcome: 'gone' };
    if (sub.lastSentDate !== undefined && sub.lastSentDate >= localDate) return { outcome: 'already-sent' };
    const built = await this.scheduledView(sub);
    const current = this.deps.subscriptions.get(subscriptionId);
    if (!current) return { outcome: 'gone' }; // unsubscribed while the digest was being built
    await this.deps.subscriptions.save({ ...current, lastSentDate: localDate });
    if (!built.view) return { outcome: 'skipped', reason: built.reason };
    const notice = { payload: { kind: 'digest' as const, view: built.view } };
    if (sub.target.kind === 'user') await this.deps.notifier.sendToUser(sub.target.userId, notice);
    else await this.deps.notifier.postToChannel(sub.target.channelId, notice);
    return { outcome: 'sent' };
  }

  /** A subscription's scheduled digest, or why there is none (the subscriber or channel lost its right). */
  private async scheduledView(sub: DigestSubscription): Promise<{ view?: DigestView; reason?: string }> {
    if (sub.target.kind === 'user') {
      const reader = { id: sub.target.userId };
      if (!(await this.deps.access.holdsAnywhere(reader, 'digest.receive')))
        return { reason: 'the subscriber no longer holds digest.receive' };
      const scope = viewScopeOf(await this.deps.access.grantsOf(reader.id));
      return { view: await this.reader.view(scope, sub.timeZone, undefined, true) };
    }
    const { channelId } = sub.target;
    if (!this.deps.channels.get(channelId)) return { reason: 'the channel is no longer a triage channel' };
    return { view: await this.reader.view(this.channelScope(channelId), sub.timeZone, channelId, true) };
  }

  /** A scope narrowed to a triage channel's AU scope (unchanged for an unscoped or unknown channel). */
  private async narrowToChannel(scope: Scope, channelId: string): Promise<Scope> {
    const units = this.deps.channels.get(channelId)?.administrativeUnits;
    return units
      ? intersectScopes(
          scope,
          { kind: 'administrativeUnits', units: units.map((u) => u.id) },
          await this.reader.knownUnits(),
        )
      : scope;
  }

  /** A triage channel's own scope: its AUs, or everything when it has none. */
  private channelScope(channelId: string): Scope {
    const units = this.deps.channels.get(channelId)?.administrativeUnits;
    return units ? { kind: 'administrativeUnits', units: units.map((u) => u.id) } : { kind: 'unrestricted' };
  }
}
