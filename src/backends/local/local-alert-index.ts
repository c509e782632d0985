import { createHash } from 'node:crypto';
import type { Alert } from '../../triage/alert.js';
import type { AlertPage } from '../../triage/ports.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { DLP_SOURCE, isFromSources } from '../../triage/alert-sources.js';
import { mapGraphAlert } from '../alerts-v2/alerts-v2-mapper.js';

const PAGE_SIZE = 100;
/** The author of the comments the bot writes, as Graph records the app: only these credit "<name> (via Teams): ". */
export const LOCAL_APP_DISPLAY_NAME = 'DLP Triage';

interface Entry {
  /** Fingerprint of the raw alert, to notice hand edits without keeping a second copy of it. */
  digest: string;
  lastUpdateDateTime: unknown;
  alert: Alert;
}

/**
 * The read side of the local store: the tenant file's raw alerts mapped to domain alerts (each mapped
 * again only when its raw JSON changed), in (lastUpdatedAt, id) order for watermark paging.
 */
export class LocalAlertIndex {
  private entries = new Map<string, Entry>();
  private sorted: Entry[] = [];
  /** Alerts by incident id, grouped when first asked for after a change (every card reads its incident's). */
  private byIncident?: Map<string, Alert[]>;
  private readonly sources: ReadonlySet<string>;

  /** `sources`: the serviceSource values paging and `assignedTo` take (ALERT_SOURCES; default DLP only). */
  constructor(sources: readonly string[] = [DLP_SOURCE]) {
    this.sources = new Set(sources.length ? sources : [DLP_SOURCE]);
  }

  /** Whether the alert is of a configured source: only those become cards (as the Graph store's `$filter`). */
  isShown(alert: Alert): boolean {
    return isFromSources(alert, this.sources);
  }

  get(id: string): Alert | undefined {
    return this.entries.get(id)?.alert;
  }

  /** The alert, if of a configured source (another product's is not this bot's to show, whoever asks). */
  shown(id: string): Alert | undefined {
    const alert = this.get(id);
    return alert && this.isShown(alert) ? alert : undefined;
  }

  /** Every alert of every source (DLP and correlated alerts of other products), in paging order. */
  all(): Alert[] {
    return this.sorted.map((e) => e.alert);
  }

  /** Every alert (of every source) that names the incident, in paging order. */
  ofIncident(incidentId: string): Alert[] {
    if (!this.byIncident) {
      this.byIncident = new Map();
      for (const { alert } of this.sorted) {
        if (alert.incidentId === undefined) continue;
        const members = this.byIncident.get(alert.incidentId);
        if (members) members.push(alert);
        else this.byIncident.set(alert.incidentId, [alert]);
      }
    }
    return [...(this.byIncident.get(incidentId) ?? [])];
  }

  /**
   * Alerts of the configured sources only (as the Graph store's `$filter`), in (lastUpdatedAt, id)
   * order. The cursor is the last (lastUpdatedAt, id) returned, not a position, so an alert edited between
   * two pages moves behind the cursor without another one being skipped.
   */
  changedSince(since: string | undefined, cursor?: string): AlertPage {
    const after = cursor ? (JSON.parse(cursor) as [string, string]) : undefined;
    const page: Entry[] = [];
    let more = false;
    // The poller asks every second with its watermark: start at the watermark (binary search), not at the oldest.
    let i = since === undefined ? 0 : this.firstAtOrAfter((e) => compareTimestamps(e.alert.lastUpdatedAt, since) >= 0);
    if (after)
      i = Math.max(
        i,
        this.firstAtOrAfter((e) => compareEntry(e, after) > 0),
      );
    for (; i < this.sorted.length; i++) {
      const e = this.sorted[i]!;
      if (!this.isShown(e.alert)) continue;
      if (page.length === PAGE_SIZE) {
        more = true;
        break;
      }
      page.push(e);
    }
    const last = page.at(-1);
    return {
      alerts: page.map((e) => e.alert),
      next: more && last ? JSON.stringify([last.alert.lastUpdatedAt, last.alert.id]) : undefined,
    };
  }

  /** The index of the first sorted entry for which `isAfter` holds (false for a prefix, true for the rest). */
  private firstAtOrAfter(isAfter: (e: Entry) => boolean): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (isAfter(this.sorted[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Open alerts of the configured sources assigned to `userPrincipalName` (any case), most recently updated first. */
  assignedTo(userPrincipalName: string): Alert[] {
    const upn = userPrincipalName.toLowerCase();
    return this.sorted
      .map((e) => e.alert)
      .filter((a) => this.isShown(a) && a.assignedTo?.toLowerCase() === upn && a.status !== 'resolved')
      .reverse();
  }

  /**
   * An alert whose content changed in the file but whose lastUpdateDateTime did not gets `now()`, as
   * Graph would stamp it, so the poller sees it as changed. True when any alert was stamped.
   */
  stampHandEdits(raws: Record<string, unknown>[], now: () => Date): boolean {
    let edited = false;
    for (const raw of raws) {
      const before = this.entries.get(String(raw.id));
      if (!before || before.digest === digestOf(raw)) continue;
      if (raw.lastUpdateDateTime === before.lastUpdateDateTime) {
        raw.lastUpdateDateTime = now().toISOString();
        edited = true;
      }
    }
    return edited;
  }

  /**
   * Re-indexes one raw alert the store itself just changed (the others are untouched), without hashing
   * every alert again as `rebuild` does; an alert the index does not hold yet is added.
   */
  update(raw: Record<string, unknown>): void {
    const id = String(raw.id);
    const entry = { digest: digestOf(raw), lastUpdateDateTime: raw.lastUpdateDateTime, alert: mapLocal(raw) };
    const before = this.entries.get(id);
    this.byIncident = undefined;
    if (before) this.sorted.splice(this.sorted.indexOf(before), 1);
    this.entries.set(id, entry);
    const key: [string, string] = [entry.alert.lastUpdatedAt, entry.alert.id];
    this.sorted.splice(
      this.firstAtOrAfter((e) => compareEntry(e, key) > 0),
      0,
      entry,
    );
  }

  /** Indexes the raw alerts as they are now (they were validated when the file was read). */
  rebuild(raws: Record<string, unknown>[]): void {
    const entries = new Map<string, Entry>();
    for (const raw of raws) {
      const digest = digestOf(raw);
      const prev = this.entries.get(String(raw.id));
      entries.set(
        String(raw.id),
        prev && prev.digest === digest
          ? prev
          : {
              digest,
              lastUpdateDateTime: raw.lastUpdateDateTime,
              alert: mapLocal(raw),
            },
      );
    }
    this.entries = entries;
    this.byIncident = undefined;
    this.sorted = [...entries.values()].sort((a, b) => compareEntry(a, [b.alert.lastUpdatedAt, b.alert.id]));
  }
}

/** Orders entries by (lastUpdatedAt, id), the paging key. */
function compareEntry(e: Entry, [updatedAt, id]: readonly [string, string]): number {
  return compareTimestamps(e.alert.lastUpdatedAt, updatedAt) || (e.alert.id < id ? -1 : e.alert.id > id ? 1 : 0);
}

function mapLocal(raw: Record<string, unknown>): Alert {
  return mapGraphAlert(raw, { appDisplayName: LOCAL_APP_DISPLAY_NAME });
}

function digestOf(raw: Record<string, unknown>): string {
  return createHash('sha1').update(JSON.stringify(raw)).digest('base64');
}
