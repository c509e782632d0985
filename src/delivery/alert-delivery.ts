import { channelSummary, type Alert } from '../triage/alert.js';
import type { Clock, Directory } from '../triage/ports.js';
import { covers, type AlertScope } from '../triage/access/access-decision.js';
import { ruleMatches } from '../triage/routing.js';
import { compareTimestamps } from '../triage/timestamps.js';
import type { CardRegistry } from './card-registry.js';
import type { ChannelRegistry } from './channel-registry.js';
import type { NewOutboxItem, Outbox, OutboxItem } from './outbox.js';
import type { StormControl } from './storm-control.js';
import type { Storm } from './storm-repository.js';

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

  constructor(
    private readonly outbox: Outbox,
    private readonly cards: CardRegistry,
    private readonly channels: ChannelRegistry,
    private readonly directory: Directory,
    private readonly clock: Clock,
    /** Folds bursts of one user's alerts of one policy into storm cards; without it every alert gets a thread. */
    private readonly storms?: StormControl,
  ) {}

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
      const item = await this.itemFor(alert, options.rerender ?? false);
      if (item) items.push(item);
    }
    // Decisions first: a crash before the items are stored repeats the same decisions on the re-read.
    await this.storms?.flush();
    await this.outbox.put(items, this.clock.now().getTime());
  }

  /** Routes parked alerts once a channel or rule exists for them. */
  routeParked(): Promise<number> {
    return this.exclusive(() => this.routeParkedNow());
  }

  private async routeParkedNow(): Promise<number> {
    const routed = [];
    const folded: { id: string; item: NewOutboxItem }[] = [];
    const parked = this.outbox.items().filter((i): i is PostAlert => i.kind === 'postAlert' && i.channelId === null);
    for (const item of parked) {
      const channelId = await this.route(item.alert);
      if (!channelId) continue;
      const storm = this.storms?.place(item.alert, channelId);
      if (storm) folded.push({ id: item.id, item: this.stormItem(storm) });
      else routed.push({ ...item, channelId });
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
    const facts = { subjectAdministrativeUnits: (units ?? []).map((u) => u.displayName) };
    const rule = this.channels.routes().find((r) => ruleMatches(r.conditions, alert, facts) && takes(r.channelId));
    if (rule) return rule.channelId;
    const fallback = this.channels.defaultChannel()?.channelId;
    if (takes(fallback)) return fallback;
    return this.channels.list().find((c) => c.administrativeUnits && takes(c.channelId))?.channelId;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The outbox keeps only the channel summary: what sending draws, never matched content or the user's identity. */
  private async itemFor(full: Alert, rerender: boolean): Promise<NewOutboxItem | undefined> {
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
    if (storm) return this.storms!.track(alert) || !storm.activityId ? this.stormItem(storm) : undefined;
    const pending = this.outbox.get(`post:${alert.id}`);
    if (pending?.kind === 'postAlert') {
      // Not posted yet: the thread will show the newest state when it goes out.
      if (compareTimestamps(alert.lastUpdatedAt, pending.alert.lastUpdatedAt) <= 0) return undefined;
      return { id: pending.id, kind: 'postAlert', alert, channelId: pending.channelId };
    }
    const channelId = (await this.route(alert)) ?? null;
    const joined = channelId ? this.storms?.place(alert, channelId) : undefined;
    if (joined) return this.stormItem(joined);
    return { id: `post:${alert.id}`, kind: 'postAlert', alert, channelId };
  }

  /** The storm card's item: its post until it is posted (collapsing, drawn when sent), then an update. */
  private stormItem(storm: Storm): NewOutboxItem {
    return storm.activityId
      ? { id: `update-storm:${storm.id}`, kind: 'updateStorm', stormId: storm.id }
      : { id: `post-storm:${storm.id}`, kind: 'postStorm', stormId: storm.id };
  }
}

type PostAlert = Extract<OutboxItem, { kind: 'postAlert' }>;
