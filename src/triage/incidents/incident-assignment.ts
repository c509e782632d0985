import type { AccessService, Requester } from '../access/access-service.js';
import type { Directory } from '../ports.js';
import { TriageError } from '../triage-error.js';
import { unknownAssigneeMessage } from '../unknown-assignee.js';
import type { IncidentAccess } from './incident-access.js';
import { done, same } from './incident-results.js';
import type { IncidentResult, IncidentVersioned, IncidentWriter } from './incident-writer.js';

/** An incident assignment: the person (Entra object id or UPN) and the card version it was made on. */
export type IncidentAssignInput = IncidentVersioned & { assignee: string };

/**
 * Assigns an incident: the requester needs alert.assign on every alert of it, and the assignee must be
 * able to work (alert.classify) on every one too, or they would own alerts they cannot open.
 */
export async function assignIncident(
  parts: {
    access: IncidentAccess;
    writer: IncidentWriter;
    directory: Pick<Directory, 'getUser'>;
    can: Pick<AccessService, 'can'>;
  },
  requester: Requester,
  input: IncidentAssignInput,
): Promise<IncidentResult> {
  const { incident, alerts } = await parts.access.forChange(
    requester,
    input.incidentId,
    'alert.assign',
    'incident.assign',
  );
  const person = await parts.directory.getUser(input.assignee.trim());
  if (!person) throw new TriageError('invalid', unknownAssigneeMessage(input.assignee));
  const data = { name: person.displayName };
  if (incident.assignedTo?.toLowerCase() === person.userPrincipalName.toLowerCase())
    return same(incident, `Already assigned to ${person.displayName}.`, 'incident.done.alreadyAssigned', data);
  parts.writer.checkVersion(incident, input.version);
  const able = await Promise.all(alerts.map((a) => parts.can.can(person.id, 'alert.classify', a)));
  if (!able.every(Boolean))
    throw new TriageError(
      'invalid',
      `${person.displayName} cannot work on every alert of this incident. Pick someone else.`,
      { key: 'errors.incidentAssigneeOutOfScope', data },
    );
  const what = `assigned the incident to ${person.displayName}`;
  const patch = { assignedTo: person.userPrincipalName };
  const updated = await parts.writer.apply(requester, incident, patch, what, 'incident.assign', {
    assignee: person.id,
  });
  return done(updated, `Assigned to ${person.displayName}.`, 'incident.done.assigned', data);
}
