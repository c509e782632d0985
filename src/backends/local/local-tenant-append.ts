import { mapGraphAlert } from '../alerts-v2/alerts-v2-mapper.js';
import {
  localActivitySchema,
  localIncidentSchema,
  type LocalActivityRow,
  type LocalIncident,
  type LocalTenant,
} from './local-tenant-schema.js';

/** What comes with new alerts: their incidents and activity rows. */
export interface TenantRecords {
  incidents?: LocalIncident[];
  activity?: LocalActivityRow[];
}

/**
 * Appends new raw alerts (the demo feed and tests) with their incidents and activity rows to the tenant's
 * data. Everything is checked before anything is added: an alert must map, a row must parse. An incident
 * id already in the table keeps its entry (the new alert joins that incident); rows go only into a file
 * that records activity (has the table).
 */
export function appendToTenant(data: LocalTenant, raws: Record<string, unknown>[], records: TenantRecords): void {
  for (const raw of raws) mapGraphAlert(raw);
  const incidents = (records.incidents ?? []).map((i) => localIncidentSchema.parse(i));
  const activity = (records.activity ?? []).map((r) => localActivitySchema.parse(r));
  data.alerts.push(...raws);
  const known = new Set((data.incidents ?? []).map((i) => i.id));
  const added = incidents.filter((i) => !known.has(i.id));
  if (added.length) data.incidents = [...(data.incidents ?? []), ...added];
  data.activity?.push(...activity);
}
