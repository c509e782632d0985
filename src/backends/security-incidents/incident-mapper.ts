import { CLASSIFICATIONS, SEVERITIES, type Classification, type Severity } from '../../triage/alert.js';
import type { Incident, IncidentStatus } from '../../triage/incidents/incident.js';
import { attributed, type MapOptions } from '../alerts-v2/alerts-v2-mapper.js';
import { graphIncidentSchema, type ParsedGraphIncident } from './incident-schema.js';

/** Every status Graph reports that the domain names; later members (and typos in a hand-edited file) are `unknown`. */
const STATUSES: readonly IncidentStatus[] = ['active', 'inProgress', 'resolved', 'redirected', 'awaitingAction'];

function oneOf<T extends string>(values: readonly T[], value: string, fallback: T): T {
  return (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** Turns one Graph incident (raw JSON) into the domain incident; throws a ZodError if it is not an incident at all. */
export function mapGraphIncident(raw: unknown, options: MapOptions = {}): Incident {
  return mapParsedIncident(graphIncidentSchema.parse(raw), options);
}

/** The domain incident of a parsed one; comments credited as alert comments are (attributed). */
export function mapParsedIncident(i: ParsedGraphIncident, options: MapOptions = {}): Incident {
  return {
    id: i.id,
    displayName: i.displayName,
    ...(i.description ? { description: i.description } : {}),
    severity: oneOf<Severity>(SEVERITIES, i.severity, 'unknown'),
    status: oneOf(STATUSES, i.status, 'unknown'),
    classification: oneOf<Classification>(CLASSIFICATIONS, i.classification, 'unknown'),
    determination: i.determination,
    ...(i.assignedTo ? { assignedTo: i.assignedTo } : {}),
    customTags: i.customTags,
    systemTags: i.systemTags,
    ...(i.incidentWebUrl ? { incidentUrl: i.incidentWebUrl } : {}),
    ...(i.redirectIncidentId ? { redirectIncidentId: i.redirectIncidentId } : {}),
    createdAt: i.createdDateTime,
    lastUpdatedAt: i.lastUpdateDateTime,
    comments: (i.comments ?? []).map((c) => attributed(c, options.appDisplayName)),
  };
}
