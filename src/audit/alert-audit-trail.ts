import type { AccessService, Requester } from '../triage/access/access-service.js';
import type { Alert } from '../triage/alert.js';
import { findAlert } from '../triage/alert-lookup.js';
import type { AlertStore, AuditRecord, AuditSink, Directory } from '../triage/ports.js';
import { displayNames } from '../triage/display-names.js';

/** An audit entry as the log returns it: the record and when it was written. */
export type AlertAuditEntry = AuditRecord & { at: string };

/** What one reading of an alert's trail gives: the alert, its latest entries (oldest first) and people's names. */
export interface AlertAuditReading {
  alert: Alert;
  entries: AlertAuditEntry[];
  /** Display names from the directory, by lower-case Entra object id, of everyone the entries name. */
  names: ReadonlyMap<string, string>;
}

/** Entry details that name a person by Entra object id (an assignment's new and previous assignee). */
const PERSON_DETAILS = ['assignee', 'previous'] as const;

/**
 * Reads an alert's audit trail for someone who may see the alert (`alert.view` on it, role and AU scope;
 * anyone else is answered as for a missing alert): the `audit <alertId>` command and the History card
 * share it. People are named by their directory display name where the directory knows them.
 */
export class AlertAuditTrail {
  constructor(
    private readonly store: Pick<AlertStore, 'get'>,
    private readonly access: Pick<AccessService, 'authorize'>,
    private readonly audit: Pick<AuditSink, 'forAlert'>,
    private readonly directory: Pick<Directory, 'getUser'>,
  ) {}

  /** The latest `limit` entries; `check` runs after the access check, before the log is read (a channel's scope). */
  async read(
    requester: Requester,
    alertId: string,
    limit: number,
    check?: (alert: Alert) => Promise<void>,
  ): Promise<AlertAuditReading> {
    const alert = await findAlert(this.store, alertId);
    await this.access.authorize(requester, 'alert.view', alert);
    await check?.(alert);
    const entries = await this.audit.forAlert(alert.id, limit);
    return { alert, entries, names: await this.namesIn(entries) };
  }

  /** A name the directory cannot give (unknown person, directory down) is simply missing: callers fall back. */
  private namesIn(entries: readonly AlertAuditEntry[]): Promise<Map<string, string>> {
    const ids: string[] = [];
    for (const e of entries) {
      if (e.actor !== 'system') ids.push(e.actor.id);
      for (const key of PERSON_DETAILS) {
        const value = e.details?.[key];
        if (typeof value === 'string') ids.push(value);
      }
    }
    return displayNames(this.directory, ids);
  }
}
