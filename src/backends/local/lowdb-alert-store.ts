import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { Low } from 'lowdb';
import { PrivateJsonFile } from './private-json-file.js';
import type { Alert } from '../../triage/alert.js';
import type { AlertPage, AlertPatch, AlertStore, Clock } from '../../triage/ports.js';
import { TriageError } from '../../triage/triage-error.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { mapGraphAlert } from '../alerts-v2/alerts-v2-mapper.js';
import { localTenantSchema, validateLocalAlerts, type LocalTenant } from './local-tenant-schema.js';

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
 * The embedded backend: alerts in Graph `alerts_v2` shape and a small directory in one lowdb JSON file.
 * The file is seeded only when it does not exist; an unreadable file stops start-up and is never replaced.
 * Edits made to the file by hand are picked up on the next read, and an edited alert gets a new
 * `lastUpdateDateTime` (as Graph would give it) so the poller sees it as changed.
 */
export class LowdbAlertStore implements AlertStore {
  private entries = new Map<string, Entry>();
  /** Reloads and read-modify-writes run one at a time: a reload in the middle of a write would drop it. */
  private queue: Promise<unknown> = Promise.resolve();
  private sorted: Entry[] = [];
  private mtimeMs = 0;

  private constructor(
    private readonly db: Low<LocalTenant>,
    readonly file: string,
    private readonly clock: Clock,
  ) {}

  /** Opens the file, seeding it with `seed(now)` only if it does not exist yet. */
  static async open(file: string, seed: (now: Date) => LocalTenant, clock: Clock): Promise<LowdbAlertStore> {
    const exists = await fs.stat(file).then(
      () => true,
      () => false,
    );
    const empty: LocalTenant = {
      schemaVersion: 1,
      tenantId: '',
      alerts: [],
      directory: { users: [], groups: [], administrativeUnits: [] },
    };
    const db = new Low<LocalTenant>(new PrivateJsonFile<LocalTenant>(file), empty);
    const store = new LowdbAlertStore(db, file, clock);
    if (!exists) {
      db.data = seed(clock.now());
      await db.write();
    }
    await store.reload();
    return store;
  }

  /** The directory and tenant id, as last read from the file. */
  tenant(): LocalTenant {
    return this.db.data;
  }

  /**
   * Pages in (lastUpdatedAt, id) order. The cursor is the last (lastUpdatedAt, id) returned, not a
   * position, so an alert edited between two pages moves behind the cursor without another one being
   * skipped.
   */
  async listChangedSince(since: string | undefined, cursor?: string): Promise<AlertPage> {
    await this.reloadIfChanged();
    const after = cursor ? (JSON.parse(cursor) as [string, string]) : undefined;
    const page: Entry[] = [];
    let more = false;
    for (const e of this.sorted) {
      if (since !== undefined && compareTimestamps(e.alert.lastUpdatedAt, since) < 0) continue;
      if (after && compareEntry(e, after) <= 0) continue;
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

  async get(id: string): Promise<Alert | undefined> {
    await this.reloadIfChanged();
    return this.entries.get(id)?.alert;
  }

  async update(id: string, patch: AlertPatch): Promise<Alert> {
    return this.change(id, (raw, now) => {
      for (const key of ['status', 'classification', 'determination', 'assignedTo'] as const) {
        if (patch[key] !== undefined) raw[key] = patch[key];
      }
      if (patch.status === 'resolved' && raw.status === 'resolved' && !raw.resolvedDateTime) raw.resolvedDateTime = now;
      if (patch.status && patch.status !== 'resolved') raw.resolvedDateTime = null;
    });
  }

  async addComment(id: string, text: string): Promise<Alert> {
    return this.change(id, (raw, now) => {
      const comments = Array.isArray(raw.comments) ? raw.comments : [];
      // As Graph records an app-only caller: the app's name (the text itself says on whose behalf).
      raw.comments = [
        ...comments,
        { comment: text, createdByDisplayName: LOCAL_APP_DISPLAY_NAME, createdDateTime: now },
      ];
    });
  }

  async listAssignedTo(userPrincipalName: string): Promise<Alert[]> {
    await this.reloadIfChanged();
    const upn = userPrincipalName.toLowerCase();
    return this.sorted
      .map((e) => e.alert)
      .filter((a) => a.assignedTo?.toLowerCase() === upn && a.status !== 'resolved')
      .reverse();
  }

  /** Read-modify-write of one raw alert, stamping a lastUpdateDateTime strictly newer than the last. */
  private change(id: string, apply: (raw: Record<string, unknown>, now: string) => void): Promise<Alert> {
    return this.exclusive(() => this.changeNow(id, apply));
  }

  private async changeNow(id: string, apply: (raw: Record<string, unknown>, now: string) => void): Promise<Alert> {
    await this.reloadIfChangedNow();
    const raw = (this.db.data.alerts as Record<string, unknown>[]).find((a) => a.id === id);
    if (!raw) throw new TriageError('not-found', 'This alert does not exist (any more), or you cannot see it.');
    const now = nextTimestamp(String(raw.lastUpdateDateTime), this.clock.now());
    apply(raw, now);
    raw.lastUpdateDateTime = now;
    await this.persist();
    return this.entries.get(id)!.alert;
  }

  /** Appends new raw alerts (the demo feed and tests); each must parse as an alert. */
  addAlerts(raws: Record<string, unknown>[]): Promise<void> {
    return this.exclusive(() => this.addAlertsNow(raws));
  }

  private async addAlertsNow(raws: Record<string, unknown>[]): Promise<void> {
    await this.reloadIfChangedNow();
    for (const raw of raws) mapGraphAlert(raw);
    this.db.data.alerts.push(...raws);
    await this.persist();
  }

  private async persist(): Promise<void> {
    await this.db.write();
    this.mtimeMs = (await fs.stat(this.file)).mtimeMs;
    this.index(this.db.data.alerts as Record<string, unknown>[]);
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private reloadIfChanged(): Promise<void> {
    return this.exclusive(() => this.reloadIfChangedNow());
  }

  private async reloadIfChangedNow(): Promise<void> {
    const mtimeMs = (await fs.stat(this.file).catch(() => undefined))?.mtimeMs;
    if (mtimeMs !== undefined && mtimeMs !== this.mtimeMs) await this.reload();
  }

  private async reload(): Promise<void> {
    try {
      await this.db.read();
    } catch (e) {
      throw new Error(
        `${this.file} is not valid JSON (${(e as Error).message}). Fix it, or move it away to start from a fresh sample; it is never replaced automatically.`,
      );
    }
    const parsed = localTenantSchema.safeParse(this.db.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(
        `${this.file}: ${issue.path.join('.') || '(root)'} ${issue.message}. Fix it, or move the file away to start from a fresh sample.`,
      );
    }
    try {
      validateLocalAlerts(parsed.data);
    } catch (e) {
      throw new Error(`${this.file}: ${(e as Error).message}`);
    }
    this.db.data = parsed.data;
    const edited = this.bumpHandEditedAlerts(this.db.data.alerts as Record<string, unknown>[]);
    if (edited) await this.db.write();
    this.mtimeMs = (await fs.stat(this.file)).mtimeMs;
    this.index(this.db.data.alerts as Record<string, unknown>[]);
  }

  /** An alert whose content changed in the file but whose lastUpdateDateTime did not gets the current time. */
  private bumpHandEditedAlerts(raws: Record<string, unknown>[]): boolean {
    let edited = false;
    for (const raw of raws) {
      const before = this.entries.get(String(raw.id));
      if (!before || before.digest === digestOf(raw)) continue;
      if (raw.lastUpdateDateTime === before.lastUpdateDateTime) {
        raw.lastUpdateDateTime = this.clock.now().toISOString();
        edited = true;
      }
    }
    return edited;
  }

  private index(raws: Record<string, unknown>[]): void {
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
              alert: mapGraphAlert(raw, { appDisplayName: LOCAL_APP_DISPLAY_NAME }),
            },
      );
    }
    this.entries = entries;
    this.sorted = [...entries.values()].sort((a, b) => compareEntry(a, [b.alert.lastUpdatedAt, b.alert.id]));
  }
}

/** Orders entries by (lastUpdatedAt, id), the paging key. */
function compareEntry(e: Entry, [updatedAt, id]: readonly [string, string]): number {
  return compareTimestamps(e.alert.lastUpdatedAt, updatedAt) || (e.alert.id < id ? -1 : e.alert.id > id ? 1 : 0);
}

/**
 * `now` in Graph's 7-digit format, or one tick (100 ns) after `previous` when the clock has not moved
 * past it: two changes in the same millisecond must still be two versions.
 */
export function nextTimestamp(previous: string, now: Date): string {
  const candidate = now.toISOString().replace('Z', '0000Z');
  if (compareTimestamps(candidate, previous) > 0) return candidate;
  const ms = Date.parse(previous);
  const ticks = Number((/\.(\d+)/.exec(previous)?.[1] ?? '0').padEnd(7, '0').slice(0, 7)) + 1;
  const base = new Date(Math.floor(ms / 1000) * 1000 + Math.floor(ticks / 10_000)).toISOString().slice(0, 19);
  return `${base}.${String(ticks % 10_000_000).padStart(7, '0')}Z`;
}

function digestOf(raw: Record<string, unknown>): string {
  return createHash('sha1').update(JSON.stringify(raw)).digest('base64');
}
