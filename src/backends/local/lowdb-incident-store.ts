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
  allAlerts(): Promise<Alert[]>;
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
    const raw = incidentIn(await this.file.currentTenant(), id);
    return raw && toIncident(raw);
  }

  async alertsOf(id: string): Promise<Alert[]> {
    const alerts = (await this.file.allAlerts()).filter((a) => a.incidentId !== undefined && a.incidentId === id);
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
  private change(id: string, apply: (raw: LocalIncident, now: string) => void): Promise<Incident> {
    return this.file.changeTenant((data) => {
      const raw = incidentIn(data, id, true);
      if (!raw) throw new TriageError('not-found', NOT_FOUND);
      const now = nextTimestamp(raw.lastUpdateDateTime, this.clock.now());
      apply(raw, now);
      raw.lastUpdateDateTime = now;
      return toIncident(raw);
    });
  }
}

/**
 * The incident's entry in the table, else one derived from the alerts that name it (added to the table when
 * `adopt`: it is about to change); undefined when neither knows it.
 */
function incidentIn(data: LocalTenant, id: string, adopt = false): LocalIncident | undefined {
  const listed = data.incidents?.find((i) => i.id === id);
  if (listed) return listed;
  const members = (data.alerts as Record<string, unknown>[]).filter((a) => a.incidentId === id);
  if (members.length === 0) return undefined;
  const derived = buildIncidents(members)[0]!;
  if (adopt) data.incidents = [...(data.incidents ?? []), derived];
  return derived;
}

function toIncident(raw: LocalIncident): Incident {
  return mapGraphIncident(raw, { appDisplayName: LOCAL_APP_DISPLAY_NAME });
}
