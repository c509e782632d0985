import { channelSummary, type Alert } from '../triage/alert.js';
import type { Clock, Directory } from '../triage/ports.js';
import { covers, type AlertScope } from '../triage/access/access-decision.js';
import type { IncidentStore } from '../triage/incidents/incident.js';
import { ruleMatches } from '../triage/routing.js';
import { compareTimestamps } from '../triage/timestamps.js';
import type { CardRegistry } from './card-registry.js';
import type { ChannelRegistry } from './channel-registry.js';
import type { NewOutboxItem, Outbox, OutboxItem } from './outbox.js';
import type { StormControl } from './storm-control.js';
import { stormItem, ThreadPlacement, type Placement } from './thread-placement.js';

/**
 * Turns "this alert is new or changed" into durable outbox items: a new thread for an alert never
 * posted (routed now, or parked until a triage channel exists), an in-place update for one already
 * posted. Publishing the same alert version twice is a no-op, so the poller may overlap its windows.
 */
export class AlertDelivery {
  /**
   * publish and routeParked run one at a time: a publish routes before it stores, so a channel added
   * in between must not be checked (routeParked) before the items it parked are stored, or they stay
   * parked. Local directory calls hid this; Graph lookups take long enough to hit it.
   */
  private chain: Promise<unknown> = Promise.resolve();
  private readonly placement: ThreadPlacement;
  private readonly storms?: StormControl;
  private readonly incidents?: Pick<IncidentStore, 'get'>;

  constructor(
    private readonly outbox: Outbox,
    private readonly cards: CardRegistry,
    private readonly channels: ChannelRegistry,
    private readonly directory: Directory,
    private readonly clock: Clock,
    /**
     * `storms` folds bursts of one user's alerts of one policy into storm cards (without it every alert gets
     * a thread); `incidents` is where `tag=` routes read the incident's custom tags (without it no tag
     * route matches).
     */
    extras: { storms?: StormControl; incidents?: Pick<IncidentStore, 'get'> } = {},
  ) {
    this.storms = extras.storms;
    this.incidents = extras.incidents;
    this.placement = new ThreadPlacement(outbox, cards, extras.storms);
  }

  /**
   * Durably queues what each alert needs; resolves once the items are stored. `rerender` also updates a
   * card already showing this version: what the card shows changed outside the alert (a share link).
   */
  publish(alerts: readonly Alert[], options: { rerender?: boolean } = {}): Promise<void> {
    return this.exclusive(() => this.publishNow(alerts, options));
  }

  private async publishNow(alerts: readonly Alert[], options: { rerender?: boolean }): Promise<void> {
    const items: NewOutboxItem[] = [];
    for (const alert of alerts) {
      const item = await this.itemFor(alert, options.rerender ?? false, items);
      if (item) items.push(item);
    }
    // Decisions first: a crash before the items are stored repeats the same decisions on the re-read.
    await this.storms?.flush();
    await this.outbox.put(items, this.clock.now().getTime());
  }

  /**
   * Re-draws the card of each alert already posted (or queued to be): what it shows of its incident changed.
   * An alert without a card is left alone, so an incident's alerts of other products never open threads.
   */
  refreshPosted(alerts: readonly Alert[]): Promise<void> {
    return this.exclusive(async () => {
      const carded = alerts.filter((a) => this.cards.get(a.id) || this.outbox.get(`post:${a.id}`));
      const items = [];
      for (const alert of carded) {
        const item = await this.itemFor(alert, true, items);
        if (item) items.push(item);
      }
      await this.outbox.put(items, this.clock.now().getTime());
    });
  }

  /** Routes parked alerts once a channel or rule exists for them. */
  routeParked(): Promise<number> {
    return this.exclusive(() => this.routeParkedNow());
  }

  private async routeParkedNow(): Promise<number> {
    const routed: PostAlert[] = [];
    const folded: { id: string; item: NewOutboxItem }[] = [];
    const parked = this.outbox.items().filter((i): i is PostAlert => i.kind === 'postAlert' && i.channelId === null);
    for (const item of parked) {
      const placement = await this.place(item.alert);
      if (!placement) continue;
      const placed = this.placement.itemFor(item.alert, placement, routed);
      if (placed.kind === 'postAlert') routed.push({ ...item, ...placed });
      else folded.push({ id: item.id, item: placed });
    }
    await this.storms?.flush();
    // One durable write for the whole backlog: per-item writes each woke the sender over every item.
    await this.outbox.put(
      folded.map((f) => f.item),
      this.clock.now().getTime(),
    );
    await this.outbox.replace(...routed);
    for (const { id } of folded) await this.outbox.remove(id);
    return routed.length + folded.length;
  }

  /**
   * The channel the alert goes to: the first matching rule's channel, else the default channel, else any
   * triage channel scoped to the alert's administrative unit; a channel whose AU scope does not cover the
   * alert is never chosen. Undefined when no channel may take it yet (the alert waits).
   */
  async route(alert: Alert): Promise<string | undefined> {
    return (await this.place(alert))?.channelId;
  }

  /** The channel (as `route`) and whether the rule or channel that chose it keeps one thread per incident. */
  private async place(alert: Alert): Promise<Placement | undefined> {
    const units = alert.subject?.id ? await this.directory.administrativeUnitsOf(alert.subject.id) : undefined;
    const scope: AlertScope = units ? { units } : 'unresolved';
    const takes = (channelId: string | undefined): channelId is string => {
      const channel = channelId ? this.channels.get(channelId) : undefined;
      if (!channel) return false;
      return (
        !channel.administrativeUnits ||
        covers({ kind: 'administrativeUnits', units: channel.administrativeUnits.map((u) => u.id) }, scope)
      );
    };
    const facts = {
      subjectAdministrativeUnits: (units ?? []).map((u) => u.displayName),
      incidentTags: await this.incidentTagsFor(alert),
    };
    const rule = this.channels.routes().find((r) => ruleMatches(r.conditions, alert, facts) && takes(r.channelId));
    const byIncident = (channelId: string, group = this.channels.get(channelId)?.group) => ({
      channelId,
      byIncident: group === 'incident',
    });
    if (rule) return byIncident(rule.channelId, rule.group ?? this.channels.get(rule.channelId)?.group);
    const fallback = this.channels.defaultChannel()?.channelId;
    if (takes(fallback)) return byIncident(fallback);
    const scoped = this.channels.list().find((c) => c.administrativeUnits && takes(c.channelId));
    return scoped && byIncident(scoped.channelId);
  }

  /**
   * The custom tags of the alert's incident, read once per routing and only when a route filters on tags. An
   * incident that cannot be read has none here: the alert still goes out, by the routes that do not need them.
   */
  private async incidentTagsFor(alert: Alert): Promise<string[]> {
    if (!this.incidents || !alert.incidentId || !this.channels.routes().some((r) => r.conditions.tags)) return [];
    const incident = await this.incidents.get(alert.incidentId).catch(() => undefined);
    return incident?.customTags ?? [];
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The outbox keeps only the channel summary: what sending draws, never matched content or the user's identity. */
  private async itemFor(
    full: Alert,
    rerender: boolean,
    batch: readonly NewOutboxItem[],
  ): Promise<NewOutboxItem | undefined> {
    const alert = channelSummary(full);
    const posted = this.cards.get(alert.id);
    if (posted) {
      const order = compareTimestamps(alert.lastUpdatedAt, posted.version);
      if (order < 0 || (order === 0 && !rerender)) return undefined;
      const queued = this.outbox.get(`update:${alert.id}`);
      // A re-render replaces a queued update of the same version: it may be in flight with the old look.
      const queuedOrder =
        queued?.kind === 'updateAlert' ? compareTimestamps(alert.lastUpdatedAt, queued.alert.lastUpdatedAt) : 1;
      if (queuedOrder < 0 || (queuedOrder === 0 && !rerender)) return undefined;
      return { id: `update:${alert.id}`, kind: 'updateAlert', alert };
    }
    const storm = this.storms?.stormOf(alert.id);
    if (storm) return this.storms!.track(alert) || !storm.activityId ? stormItem(storm) : undefined;
    const pending = this.outbox.get(`post:${alert.id}`);
    if (pending?.kind === 'postAlert') {
      // Not posted yet: the thread will show the newest state when it goes out.
      if (compareTimestamps(alert.lastUpdatedAt, pending.alert.lastUpdatedAt) <= 0) return undefined;
      const { id, channelId, inThreadOf } = pending;
      return { id, kind: 'postAlert', alert, channelId, ...(inThreadOf && { inThreadOf }) };
    }
    const placement = await this.place(alert);
    if (!placement) return { id: `post:${alert.id}`, kind: 'postAlert', alert, channelId: null };
    return this.placement.itemFor(alert, placement, batch);
  }
}

type PostAlert = Extract<OutboxItem, { kind: 'postAlert' }>;
