import type { Alert, FileRef, SubjectUser } from '../../triage/alert.js';
import { isTimestamp } from '../../triage/ids.js';
import type { RelatedAlertSource } from '../../triage/investigation/related-alerts.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { TriageError } from '../../triage/triage-error.js';
import { isDlpAlert } from '../alerts-v2/alerts-v2-mapper.js';

/**
 * RelatedAlertSource over the alerts of the tenant file (every source): an incident's alerts, and the DLP
 * alerts of a user (by Entra object id, else UPN, any case) or a file (by name, any case) created at or
 * after a time, newest first.
 */
export class LocalRelatedAlerts implements RelatedAlertSource {
  constructor(private readonly alerts: () => Promise<readonly Alert[]>) {}

  async alertsOfIncident(incidentId: string): Promise<Alert[]> {
    return newestFirst((await this.alerts()).filter((a) => a.incidentId !== undefined && a.incidentId === incidentId));
  }

  async alertsOfUser(user: SubjectUser, since: string): Promise<Alert[]> {
    const matches = sameUser(user);
    return this.dlpSince(since, (a) => a.subject !== undefined && matches(a.subject));
  }

  async alertsOfFile(file: FileRef, since: string): Promise<Alert[]> {
    const name = file.name.toLowerCase();
    return this.dlpSince(since, (a) =>
      (a.evidence ?? []).some((e) => e.kind === 'file' && e.name.toLowerCase() === name),
    );
  }

  private async dlpSince(since: string, pred: (a: Alert) => boolean): Promise<Alert[]> {
    if (!isTimestamp(since)) throw new TriageError('invalid', `"${since.slice(0, 40)}" is not a date and time.`);
    const alerts = await this.alerts();
    return newestFirst(alerts.filter((a) => isDlpAlert(a) && compareTimestamps(a.createdAt, since) >= 0 && pred(a)));
  }
}

/** The same person: by object id when both sides have one, else by UPN; never on missing values. */
function sameUser(user: SubjectUser): (subject: SubjectUser) => boolean {
  const id = user.id?.toLowerCase();
  const upn = user.userPrincipalName?.toLowerCase();
  return (s) => (id && s.id ? s.id.toLowerCase() === id : !!upn && s.userPrincipalName?.toLowerCase() === upn);
}

function newestFirst(alerts: Alert[]): Alert[] {
  return alerts.sort((a, b) => compareTimestamps(b.createdAt, a.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
