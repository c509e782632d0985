import type { Said } from '../alert-writer.js';
import { TriageError } from '../triage-error.js';
import type { Incident } from './incident.js';
import type { IncidentResult } from './incident-writer.js';

/** The longest comment an incident action takes (as for alerts). */
export const MAX_INCIDENT_COMMENT = 30_000;

/** The result of an incident action that changed something. */
export function done(incident: Incident, message: string, key: string, data: Said['data'] = {}): IncidentResult {
  return { incident, changed: true, message, said: { key, data } };
}

/** The result of an incident action that found the change already in place. */
export function same(incident: Incident, message: string, key: string, data: Said['data'] = {}): IncidentResult {
  return { incident, changed: false, message, said: { key, data } };
}

/** The error of an empty or over-long comment. */
export function commentError(): TriageError {
  return new TriageError('invalid', `A comment needs 1 to ${MAX_INCIDENT_COMMENT.toLocaleString('en-US')} characters.`);
}

/** The comment trimmed (undefined when empty); throws when it is too long. */
export function checkedComment(comment: string | undefined): string | undefined {
  const text = comment?.trim();
  if (text && text.length > MAX_INCIDENT_COMMENT) throw commentError();
  return text || undefined;
}
