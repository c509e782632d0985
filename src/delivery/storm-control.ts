import type { Alert } from '../triage/alert.js';
import { compareTimestamps } from '../triage/timestamps.js';
import {
  stormEntryKey,
  type Storm,
  type StormEntry,
  type StormMember,
  type StormRepository,
  type StormSeries,
} from './storm-repository.js';

/** When a burst becomes a storm: more than `threshold` alerts of one user and policy within `windowMs`. */
export interface StormOptions {
  threshold: number;
  windowMs: number;
}

/**
 * Storm control: decides, for each new alert routed to a channel, whether it opens its own thread or
 * joins the storm card of its user and policy there. The first `threshold` alerts of a user and policy
 * within the window (by creation time) open threads; the following ones join one storm, whose card is a
 * reply in the thread of the first, for as long as they keep coming within the window. Decisions are
 * sticky (asking again about an alert gives the same answer) and are kept in memory and, after `flush`,
 * in a StormRepository, so a restart neither forgets a storm nor opens a second one.
 */
export class StormControl {
  private readonly series = new Map<string, StormSeries>();
  private readonly storms = new Map<string, Storm>();
  private readonly members = new Map<string, StormMember>();
  private readonly byStorm = new Map<string, Set<string>>();
  private readonly dirty = new Map<string, StormEntry>();

  private constructor(
    private readonly repository: StormRepository,
    private readonly options: StormOptions,
    stored: readonly StormEntry[],
  ) {
    for (const entry of stored) this.remember(entry);
  }

  /** Storm control over what the repository holds now. */
  static async load(repository: StormRepository, options: StormOptions): Promise<StormControl> {
    return new StormControl(repository, options, await repository.list());
  }

  get(stormId: string): Storm | undefined {
    return this.storms.get(stormId);
  }

  /** The storm an alert was folded into, if any. */
  stormOf(alertId: string): Storm | undefined {
    const member = this.members.get(alertId);
    return member && this.storms.get(member.stormId);
  }

  /** The storm's alerts as last seen, newest first. */
  membersOf(stormId: string): Alert[] {
    const ids = [...(this.byStorm.get(stormId) ?? [])];
    return ids
      .map((id) => this.members.get(id)!.alert)
      .sort((a, b) => compareTimestamps(b.createdAt, a.createdAt) || b.id.localeCompare(a.id));
  }

  /**
   * Where a new alert (its channel summary) routed to `channelId` goes: undefined when it opens its own
   * thread, else the storm it joined. Alerts without a user or a policy never storm.
   */
  place(alert: Alert, channelId: string): Storm | undefined {
    const known = this.stormOf(alert.id);
    if (known) return known;
    const at = Date.parse(alert.createdAt);
    if (!alert.subject?.id || !alert.policyName || !Number.isFinite(at)) return undefined;
    const key = JSON.stringify([channelId, alert.subject.id, alert.policyName]);
    const series: StormSeries = this.series.get(key) ?? { type: 'series', key, recent: [] };
    if (series.recent.some((r) => r.alertId === alert.id)) return undefined;
    const going = series.stormId ? this.storms.get(series.stormId) : undefined;
    if (going && at - going.lastAt < this.options.windowMs) return this.join(going, alert, at);
    const recent = series.recent.filter((r) => r.at > at - this.options.windowMs);
    if (recent.length < this.options.threshold) {
      this.change({ type: 'series', key, recent: [...recent, { alertId: alert.id, at }] });
      return undefined;
    }
    const storm: Storm = {
      type: 'storm',
      id: recent[0]!.alertId,
      hostAlertId: recent[0]!.alertId,
      channelId,
      policyName: alert.policyName,
      lastAt: at,
      revision: 0,
    };
    this.change({ type: 'series', key, recent, stormId: storm.id });
    return this.join(storm, alert, at);
  }

  /** Keeps a member's newer snapshot; true when the storm card needs drawing again. */
  track(alert: Alert): boolean {
    const member = this.members.get(alert.id);
    if (!member || compareTimestamps(alert.lastUpdatedAt, member.alert.lastUpdatedAt) <= 0) return false;
    this.change({ ...member, alert });
    const storm = this.storms.get(member.stormId);
    if (storm) this.change({ ...storm, revision: storm.revision + 1 });
    return true;
  }

  /** Records where the storm card was posted. */
  posted(stormId: string, activityId: string): Promise<void> {
    const storm = this.storms.get(stormId);
    if (!storm) return Promise.resolve();
    this.change({ ...storm, activityId });
    return this.flush();
  }

  /** Durably stores every decision made since the last flush. */
  async flush(): Promise<void> {
    if (this.dirty.size === 0) return;
    const entries = [...this.dirty.values()];
    this.dirty.clear();
    await this.repository.save(entries);
  }

  private join(storm: Storm, alert: Alert, at: number): Storm {
    const joined: Storm = { ...storm, lastAt: Math.max(storm.lastAt, at), revision: storm.revision + 1 };
    this.change(joined);
    this.change({ type: 'member', stormId: storm.id, alert });
    return joined;
  }

  private change(entry: StormEntry): void {
    this.remember(entry);
    this.dirty.set(stormEntryKey(entry), entry);
  }

  private remember(entry: StormEntry): void {
    if (entry.type === 'series') this.series.set(entry.key, entry);
    else if (entry.type === 'storm') this.storms.set(entry.id, entry);
    else {
      this.members.set(entry.alert.id, entry);
      const ids = this.byStorm.get(entry.stormId) ?? new Set<string>();
      this.byStorm.set(entry.stormId, ids.add(entry.alert.id));
    }
  }
}
