import type { Alert } from '../../triage/alert.js';
import type { AlertPage, AlertPatch, AlertStore, Clock } from '../../triage/ports.js';
import { TriageError } from '../../triage/triage-error.js';
import { LOCAL_APP_DISPLAY_NAME, LocalAlertIndex } from './local-alert-index.js';
import { LocalStateFile } from './local-state-file.js';
import { appendToTenant, type TenantRecords } from './local-tenant-append.js';
import {
  localTenantSchema,
  validateLocalAlerts,
  type LocalActivityRow,
  type LocalDataSecurityEventRow,
  type LocalTenant,
} from './local-tenant-schema.js';
import { nextTimestamp } from './next-timestamp.js';

type RawAlert = Record<string, unknown>;

/**
 * The embedded backend: alerts in Graph `alerts_v2` shape and a small directory in one lowdb JSON file.
 * The file is seeded only when it does not exist; an unreadable file stops start-up and is never replaced.
 * Edits made to the file by hand are picked up on the next read, and an edited alert gets a new
 * `lastUpdateDateTime` (as Graph would give it) so the poller sees it as changed.
 */
export class LowdbAlertStore implements AlertStore {
  private readonly index: LocalAlertIndex;

  private constructor(
    private readonly state: LocalStateFile<LocalTenant>,
    private readonly clock: Clock,
    sources: readonly string[] | undefined,
  ) {
    this.index = new LocalAlertIndex(sources);
  }

  /**
   * Opens the file, seeding it with `seed(now)` only if it does not exist yet. `sources` (ALERT_SOURCES,
   * default DLP only): the serviceSource values whose alerts the port's reads return, as Graph's `$filter`.
   */
  static async open(
    file: string,
    seed: (now: Date) => LocalTenant,
    clock: Clock,
    options: { sources?: readonly string[] } = {},
  ): Promise<LowdbAlertStore> {
    const state = await LocalStateFile.open<LocalTenant>(file, {
      empty: {
        schemaVersion: 1,
        tenantId: '',
        alerts: [],
        directory: { users: [], groups: [], administrativeUnits: [] },
      },
      seed: () => seed(clock.now()),
      schema: localTenantSchema,
      check: validateLocalAlerts,
      startOver: 'a fresh sample',
    });
    const store = new LowdbAlertStore(state, clock, options.sources);
    await store.indexLoaded();
    return store;
  }

  /** The tenant file. */
  get file(): string {
    return this.state.file;
  }

  /** The directory and tenant id, as last read from the file. */
  tenant(): LocalTenant {
    return this.state.data;
  }

  async listChangedSince(since: string | undefined, cursor?: string): Promise<AlertPage> {
    await this.reloadIfChanged();
    return this.index.changedSince(since, cursor);
  }

  async get(id: string): Promise<Alert | undefined> {
    await this.reloadIfChanged();
    return this.index.shown(id);
  }

  async listAssignedTo(userPrincipalName: string): Promise<Alert[]> {
    await this.reloadIfChanged();
    return this.index.assignedTo(userPrincipalName);
  }

  /** Every alert of the file, of every source (DLP and the correlated alerts of other products). */
  async allAlerts(): Promise<Alert[]> {
    await this.reloadIfChanged();
    return this.index.all();
  }

  /** Every alert (of every source) that names the incident, as the file is now. */
  async alertsOfIncident(incidentId: string): Promise<Alert[]> {
    await this.reloadIfChanged();
    return this.index.ofIncident(incidentId);
  }

  /** The activity table as it is in the file now; undefined when the file has none. */
  async activityRows(): Promise<LocalActivityRow[] | undefined> {
    await this.reloadIfChanged();
    return this.state.data.activity;
  }

  /** The DataSecurityEvents table as it is in the file now; undefined when the file has none. */
  async dataSecurityEventRows(): Promise<LocalDataSecurityEventRow[] | undefined> {
    await this.reloadIfChanged();
    return this.state.data.dataSecurityEvents;
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

  /**
   * Appends new raw alerts (the demo feed and tests), each of which must parse as an alert, with their
   * incidents and activity rows. Rows go only into a file that records activity (has the table).
   */
  addAlerts(raws: RawAlert[], records: TenantRecords = {}): Promise<void> {
    return this.changeTenant((data) => appendToTenant(data, raws, records));
  }

  /** The tenant file's content as it is on disk now (re-read when it changed): the incident store reads it. */
  async currentTenant(): Promise<LocalTenant> {
    await this.reloadIfChanged();
    return this.state.data;
  }

  /**
   * Read-modify-write of the tenant file, queued with the alert store's own (the incident store writes through
   * it: one file, one queue). `change` must validate before it mutates: when it throws, nothing is written.
   */
  changeTenant<R>(change: (data: LocalTenant) => R): Promise<R> {
    return this.state.exclusive(async () => {
      await this.reloadIfChangedNow();
      const result = change(this.state.data);
      await this.persist();
      return result;
    });
  }

  /** Read-modify-write of one raw alert, stamping a lastUpdateDateTime strictly newer than the last. */
  private change(id: string, apply: (raw: RawAlert, now: string) => void): Promise<Alert> {
    return this.state.exclusive(async () => {
      await this.reloadIfChangedNow();
      const raw = this.rawAlerts().find((a) => a.id === id);
      const known = this.index.get(id);
      if (!raw || (known && !this.index.isShown(known)))
        throw new TriageError('not-found', 'This alert does not exist (any more), or you cannot see it.');
      const now = nextTimestamp(String(raw.lastUpdateDateTime), this.clock.now());
      apply(raw, now);
      raw.lastUpdateDateTime = now;
      await this.state.persist();
      this.index.update(raw);
      return this.index.get(id)!;
    });
  }

  private async persist(): Promise<void> {
    await this.state.persist();
    this.index.rebuild(this.rawAlerts());
  }

  private reloadIfChanged(): Promise<void> {
    return this.state.exclusive(() => this.reloadIfChangedNow());
  }

  private async reloadIfChangedNow(): Promise<void> {
    if (await this.state.reloadIfChanged()) await this.indexLoaded();
  }

  /** After a read of the file: stamps hand-edited alerts (writing them back) and indexes them all. */
  private async indexLoaded(): Promise<void> {
    const raws = this.rawAlerts();
    if (this.index.stampHandEdits(raws, () => this.clock.now())) await this.state.persist();
    this.index.rebuild(raws);
  }

  private rawAlerts(): RawAlert[] {
    return this.state.data.alerts as RawAlert[];
  }
}
