import { AssigneeResolver } from '../../bot/assignee-resolver.js';
import { incidentVerbs } from '../../bot/features/incident-verbs.js';
import { IncidentService } from '../triage/incidents/incident-service.js';
import type { Contribution } from './capability.js';
import type { Parts } from './parts.js';

/**
 * Incidents in Teams: the incident card (`incident.show`, `incident <id>`) and the incident actions
 * (assign, status, classify, comment, tag), whose changes re-draw every posted card of the incident.
 */
export function incidentsCapability(parts: Parts): Contribution {
  const { backend, directory, access, state, notifier, roster, log, config } = parts;
  const incidents = new IncidentService({
    incidents: backend.incidents,
    directory,
    access,
    audit: state.audit,
    notifier,
  });
  const assignees = new AssigneeResolver(roster);
  const sources = new Set<string>(config.ALERT_SOURCES);
  return { inputs: [incidentVerbs({ incidents, assignees, log, people: directory, sources })] };
}
