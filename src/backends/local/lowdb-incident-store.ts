import { z } from 'zod';
import { CLASSIFICATIONS, type Alert } from '../../triage/alert.js';
import { DETERMINATION_LABEL } from '../../triage/alert-labels.js';
import {
  INCIDENT_STATUSES,
  type Incident,
  type IncidentPatch,
  type IncidentStore,
} from '../../triage/incidents/incident.js';
import type { Clock } from '../../triage/ports.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { TriageError } from '../../triage/triage-error.js';
import { mapGraphIncident } from '../security-incidents/incident-mapper.js';
import { LOCAL_APP_DISPLAY_NAME } from './local-alert-index.js';
import { buildIncidents } from './local-seed-incidents.js';
import type { LocalIncident, LocalTenant } from './local-tenant-schema.js';
import { nextTimestamp } from './next-timestamp.js';

/** The tenant file, as the alert store shares it (one file, one queue of writes). */
export interface LocalTenantFile {
  currentTenant(): Promise<LocalTenant>;
  changeTenant<R>(change: (data: LocalTenant) => R): Promise<R>;
  alertsOfIncident(incidentId: string): Promise<Alert[]>;
}

const NOT_FOUND = 'This incident does not exist (any more), or you cannot see it.';

/** What Graph would refuse with a 400 (graph-api.md §2): unknown properties and values outside its enums. */
const patchSchema = z.strictObject({
  status: z.enum(INCIDENT_STATUSES).optional(),
  classification: z.enum([...CLASSIFICATIONS, 'unknown']).optional(),
  determination: z
    .string()
    .refine((d) => d === 'unknown' || Object.hasOwn(DETERMINATION_LABEL, d))
    .optional(),
  assignedTo: z.string().nullable().optional(),
  customTags: z.array(z.string()).optional(),
});

/**
 * The IncidentStore port over the local tenant file's `incidents` (Graph's wire shape, as the emulator serves
 * them). An incident the alerts name but the table lacks (a file written before incidents were seeded) is
 * derived from its alerts, and written to the table on its first change. Every change stamps a
 * `lastUpdateDateTime` strictly newer than the last, with the alert store's clock; comments are recorded as
 * the app's, as on alerts.
 */
export class LowdbIncidentStore implements IncidentStore {
  constructor(
    private readonly file: LocalTenantFile,
    private readonly clock: Clock,
  ) {}

  async get(id: string): Promise<Incident | undefined> {
    const data = await this.file.currentTenant();
    const raw = listedIn(data, id) ?? derived(await this.file.alertsOfIncident(id));
    return raw && toIncident(raw);
  }

  async alertsOf(id: string): Promise<Alert[]> {
    const alerts = await this.file.alertsOfIncident(id);
    return alerts.sort(
      (a, b) => compareTimestamps(b.createdAt, a.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  }

  async update(id: string, patch: IncidentPatch): Promise<Incident> {
    const parsed = patchSchema.safeParse(patch);
    if (!parsed.success)
      throw new TriageError('invalid', 'That change is not valid for an incident, so nothing was changed.');
    const valid = parsed.data;
    // As the Graph store: nothing to change is a read, and the version stays.
    if (Object.values(valid).every((v) => v === undefined)) {
      const found = await this.get(id);
      if (!found) throw new TriageError('not-found', NOT_FOUND);
      return found;
    }
    return this.change(id, (raw) => {
      if (valid.status !== undefined) raw.status = valid.status;
      for (const key of ['classification', 'determination', 'assignedTo'] as const) {
        if (valid[key] !== undefined) raw[key] = valid[key];
      }
      // Graph replaces the collection: the new list is the whole list.
      if (valid.customTags !== undefined) raw.customTags = [...valid.customTags];
    });
  }

  addComment(id: string, text: string): Promise<Incident> {
    return this.change(id, (raw, now) => {
      raw.comments = [
        ...(raw.comments ?? []),
        { comment: text, createdByDisplayName: LOCAL_APP_DISPLAY_NAME, createdDateTime: now },
      ];
    });
  }

  /** Read-modify-write of one incident, stamping a lastUpdateDateTime strictly newer than its last. */
  private async change(id: string, apply: (raw: LocalIncident, now: string) => void): Promise<Incident> {
    const members = await this.file.alertsOfIncident(id);
    return this.file.changeTenant((data) => {
      const raw = listedIn(data, id) ?? adopt(data, derived(members));
      if (!raw) throw new TriageError('not-found', NOT_FOUND);
      const now = nextTimestamp(raw.lastUpdateDateTime, this.clock.now());
      apply(raw, now);
      raw.lastUpdateDateTime = now;
      return toIncident(raw);
    });
  }
}

/** The incidents table by id, once per table (a table is replaced, never added to in place). */
const tables = new WeakMap<LocalIncident[], Map<string, LocalIncident>>();

/** The incident's entry in the table, if it has one. */
function listedIn(data: LocalTenant, id: string): LocalIncident | undefined {
  if (!data.incidents) return undefined;
  let byId = tables.get(data.incidents);
  if (!byId) {
    byId = new Map(data.incidents.map((i) => [i.id, i]));
    tables.set(data.incidents, byId);
  }
  return byId.get(id);
}

/** The incident derived from the alerts that name it (a file written before incidents were seeded). */
function derived(members: readonly Alert[]): LocalIncident | undefined {
  if (members.length === 0) return undefined;
  const raws = members.map((a) => ({
    incidentId: a.incidentId,
    title: a.title,
    tenantId: a.tenantId,
    severity: a.severity,
    status: a.status,
    createdDateTime: a.createdAt,
    lastUpdateDateTime: a.lastUpdatedAt,
  }));
  return buildIncidents(raws)[0];
}

/** Adds a derived incident to the table (it is about to change), as a new table. */
function adopt(data: LocalTenant, incident: LocalIncident | undefined): LocalIncident | undefined {
  if (incident) data.incidents = [...(data.incidents ?? []), incident];
  return incident;
}

function toIncident(raw: LocalIncident): Incident {
  return mapGraphIncident(raw, { appDisplayName: LOCAL_APP_DISPLAY_NAME });
}
