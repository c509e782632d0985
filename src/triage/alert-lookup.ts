import type { Alert } from './alert.js';
import type { AlertStore } from './ports.js';
import { ALERT_NOT_FOUND, TriageError } from './triage-error.js';

/** The alert, or the refusal a missing alert gets (the same one an alert the requester may not see gets). */
export async function findAlert(store: Pick<AlertStore, 'get'>, alertId: string): Promise<Alert> {
  const alert = await store.get(alertId);
  if (!alert) throw new TriageError('not-found', ALERT_NOT_FOUND);
  return alert;
}
