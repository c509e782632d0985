import type { Scope } from '../access/access-decision.js';
import type { AccessService, Requester } from '../access/access-service.js';
import { severityRank, type Alert } from '../alert.js';
import type { AdministrativeUnit, AlertNotifier, AlertStore, AuditSink, Clock, Directory } from '../ports.js';
import { TriageError } from '../triage-error.js';
import { buildDigest, type Digest } from './digest.js';
import { breachesSla, isOpen, slaHoursOf, HOUR_MS, type SlaHours } from './digest-rules.js';
import { readScopedAlerts, type ScopedAlerts } from './scoped-alerts.js';
import { describeScope, intersectScopes, viewScopeOf } from './digest-scope.js';
import {
  subscriptionIdOf,
  type DigestSubscription,
  type DigestSubscriptionStore,
  type DigestTarget,
  type TriageChannelLookup,
} from './digest-subscription.js';
import { canonicalTimeZone, parseTimeOfDay, requireTimeZone } from './local-time.js';

/** Where a command asks for a digest: the requester's own (personal chat), or a triage channel's. */
export type DigestPlace = { kind: 'personal' } | { kind: 'channel'; channelId: string };

/** What the digest card shows, besides the numbers. */
export interface DigestView {
  digest: Digest;
  /** The scope in words, e.g. "AU EMEA". */
  scopeLabel: string;
  /** Display names of the assignees in `digest.openByAssignee`, by lower-case user principal name. */
  assigneeNames: Readonly<Record<string, string>>;
  /** The Defender portal's alert queue. */
  defenderUrl: string;
  /** The SLA the breaches were counted against, to say so on the card. */
  sla: SlaHours;
  /** A channel digest's buttons carry the channel, so their lists keep to its scope. */
  channelId?: string;
}

export type DigestRenderer = (view: DigestView) => Record<string, unknown>;
export type DigestList = 'unassigned' | 'slaBreaches';

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
  render: DigestRenderer;
}

export const DEFAULT_DIGEST_TIME = '08:00';
const SHARED_READ_MS = 60_000;
const NOT_A_TRIAGE_CHANNEL =
  'This channel is not a triage channel, so it has no digest. Register it first with "triage here".';

/**
 * The digest use cases: subscriptions (who may have which), building a digest for a reader's scope, the
 * lists behind its buttons, and the daily delivery the scheduler asks for.
 */
export class DigestService {
  private lastRead?: { at: number; alerts: Promise<ScopedAlerts> };

  constructor(private readonly deps: DigestServiceDeps) {}

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

  /**
   * A digest right now (the card), in the subscription's zone, else the client's, else UTC. Does not count as the day's
   * digest.
   */
  async digestNow(requester: Requester, place: DigestPlace, clientTimeZone?: string): Promise<Record<string, unknown>> {
    const target = await this.authorizeTarget(requester, place);
    const zone =
      this.deps.subscriptions.get(subscriptionIdOf(target))?.timeZone ??
      canonicalTimeZone(clientTimeZone ?? '') ??
      'UTC';
    return target.kind === 'user'
      ? this.cardFor(viewScopeOf(await this.deps.access.grantsOf(requester.id)), zone)
      : this.channelCard(target.channelId, zone);
  }

  /**
   * The digest a card button shows (rebuilt as of now): the requester's own, or, for a channel digest,
   * what the requester may see within the channel's scope. In the subscription's zone, else UTC.
   */
  async view(requester: Requester, channelId?: string): Promise<Record<string, unknown>> {
    if (!channelId) return this.digestNow(requester, { kind: 'personal' });
    await this.deps.access.authorize(requester, 'alert.view');
    const channel = this.deps.channels.get(channelId);
    if (!channel) throw new TriageError('invalid', NOT_A_TRIAGE_CHANNEL);
    const zone = this.deps.subscriptions.get(subscriptionIdOf({ kind: 'channel', channelId }))?.timeZone ?? 'UTC';
    const scope = await this.narrowToChannel(viewScopeOf(await this.deps.access.grantsOf(requester.id)), channelId);
    return this.cardFor(scope, zone, channelId);
  }

  /**
   * The alerts behind a digest button that the requester may see (within the channel's scope when the
   * digest was a channel's): unassigned open ones by severity then age, or SLA breaches most overdue first.
   */
  async list(requester: Requester, which: DigestList, channelId?: string): Promise<Alert[]> {
    await this.deps.access.authorize(requester, 'alert.view');
    const own = viewScopeOf(await this.deps.access.grantsOf(requester.id));
    const [scoped, scope] = await Promise.all([this.read(), channelId ? this.narrowToChannel(own, channelId) : own]);
    const nowMs = this.deps.clock.now().getTime();
    const visible = scoped.visibleIn(scope);
    if (which === 'unassigned') {
      return visible
        .filter((a) => isOpen(a) && !a.assignedTo)
        .sort(
          (a, b) =>
            severityRank(b.severity) - severityRank(a.severity) || Date.parse(a.createdAt) - Date.parse(b.createdAt),
        );
    }
    const overdue = (a: Alert) =>
      nowMs - Date.parse(a.createdAt) - (slaHoursOf(a.severity, this.deps.sla) ?? 0) * HOUR_MS;
    return visible.filter((a) => breachesSla(a, nowMs, this.deps.sla)).sort((a, b) => overdue(b) - overdue(a));
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
    let card: Record<string, unknown> | undefined;
    let reason: string | undefined;
    if (sub.target.kind === 'user') {
      const reader = { id: sub.target.userId };
      if (await this.deps.access.holdsAnywhere(reader, 'digest.receive'))
        card = await this.cardFor(
          viewScopeOf(await this.deps.access.grantsOf(reader.id)),
          sub.timeZone,
          undefined,
          true,
        );
      else reason = 'the subscriber no longer holds digest.receive';
    } else if (this.deps.channels.get(sub.target.channelId)) {
      card = await this.channelCard(sub.target.channelId, sub.timeZone, true);
    } else reason = 'the channel is no longer a triage channel';
    const current = this.deps.subscriptions.get(subscriptionId);
    if (!current) return { outcome: 'gone' }; // unsubscribed while the digest was being built
    await this.deps.subscriptions.save({ ...current, lastSentDate: localDate });
    if (!card) return { outcome: 'skipped', reason };
    if (sub.target.kind === 'user') await this.deps.notifier.sendToUser(sub.target.userId, { card });
    else await this.deps.notifier.postToChannel(sub.target.channelId, { card });
    return { outcome: 'sent' };
  }

  /** A scope narrowed to a triage channel's AU scope (unchanged for an unscoped or unknown channel). */
  private async narrowToChannel(scope: Scope, channelId: string): Promise<Scope> {
    const units = this.deps.channels.get(channelId)?.administrativeUnits;
    return units
      ? intersectScopes(scope, { kind: 'administrativeUnits', units: units.map((u) => u.id) }, await this.knownUnits())
      : scope;
  }

  private async channelCard(channelId: string, timeZone: string, shared = false): Promise<Record<string, unknown>> {
    const units = this.deps.channels.get(channelId)?.administrativeUnits;
    const scope: Scope = units
      ? { kind: 'administrativeUnits', units: units.map((u) => u.id) }
      : { kind: 'unrestricted' };
    return this.cardFor(scope, timeZone, channelId, shared);
  }

  private async cardFor(
    scope: Scope,
    timeZone: string,
    channelId?: string,
    shared = false,
  ): Promise<Record<string, unknown>> {
    const [scoped, known] = await Promise.all([this.read(shared), this.knownUnits()]);
    const digest = buildDigest(scoped.alerts, this.deps.clock.now(), timeZone, scope, this.deps.sla);
    const assigneeNames = Object.fromEntries(
      await Promise.all(
        digest.openByAssignee.map(
          async ({ assignee }) =>
            [
              assignee,
              (await this.deps.directory.getUser(assignee).catch(() => undefined))?.displayName ?? assignee,
            ] as const,
        ),
      ),
    );
    return this.deps.render({
      digest,
      scopeLabel: describeScope(scope, known),
      assigneeNames,
      defenderUrl: scoped.defenderUrl,
      sla: this.deps.sla,
      channelId,
    });
  }

  /** The target a place stands for, after checking the requester may use it. */
  private async authorizeTarget(requester: Requester, place: DigestPlace): Promise<DigestTarget> {
    if (place.kind === 'personal') {
      await this.deps.access.authorize(requester, 'digest.receive');
      return { kind: 'user', userId: requester.id };
    }
    await this.deps.access.authorize(requester, 'channel.manage');
    if (!this.deps.channels.get(place.channelId)) throw new TriageError('invalid', NOT_A_TRIAGE_CHANNEL);
    return { kind: 'channel', channelId: place.channelId };
  }

  /**
   * All alerts with their AUs. Scheduled digests (`shared`) reuse a read younger than a minute: many
   * subscribers share 08:00, and each would otherwise read every alert again. Commands and buttons
   * always read afresh, so a person sees the effect of what they just did.
   */
  private read(shared = false): Promise<ScopedAlerts> {
    const nowMs = this.deps.clock.now().getTime();
    if (shared && this.lastRead && nowMs - this.lastRead.at < SHARED_READ_MS) return this.lastRead.alerts;
    const alerts = readScopedAlerts(this.deps.alerts, this.deps.access);
    this.lastRead = { at: nowMs, alerts };
    alerts.catch(() => {
      if (this.lastRead?.alerts === alerts) this.lastRead = undefined;
    });
    return alerts;
  }

  /** Only for naming units and comparing id/name spellings: without it the card still works. */
  private knownUnits(): Promise<AdministrativeUnit[]> {
    return this.deps.directory.listAdministrativeUnits().catch(() => []);
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
