import type { Alert, FileRef, SubjectUser } from '../alert.js';

/**
 * Where the alerts related to one alert come from: the other alerts of its incident (of every source,
 * DLP and correlated Defender alerts alike), and the DLP alerts of the same user or the same file. Each
 * answers newest first; access is not the backend's concern (the investigation leaves out what the
 * requester may not see).
 */
export interface RelatedAlertSource {
  /** Every alert of the incident, the alert itself included. */
  alertsOfIncident(incidentId: string): Promise<Alert[]>;
  /** DLP alerts created at or after `since` (ISO 8601) whose user evidence is this user. */
  alertsOfUser(user: SubjectUser, since: string): Promise<Alert[]>;
  /** DLP alerts created at or after `since` whose file evidence names this file. */
  alertsOfFile(file: FileRef, since: string): Promise<Alert[]>;
}
