import type { AccessService, Requester } from './access/access-service.js';
import type { Permission } from './access/permissions.js';
import type { Alert } from './alert.js';
import type { AlertNotifier, AlertPatch, AlertStore, AuditSink } from './ports.js';
import { viaTeamsComment } from './teams-markup.js';
import { TriageError } from './triage-error.js';

/**
 * The catalogue message (`alertCard.done.*`, src/i18n) that says what an update's `message` says, in every
 * language, with its values: wire values (`status`, `classification`, `determination`, `resolved`: yes/no)
 * and names, which the reader's side words and escapes.
 */
export interface Said {
  key: string;
  data?: Readonly<Record<string, string>>;
}

/** What an alert update did: the alert as it is now, whether anything changed, and a line for the user. */
export interface UpdateResult {
  alert: Alert;
  changed: boolean;
  /** The line in English (thread replies of English readers, logs). */
  message: string;
  said?: Said;
}

/** The card version a click was made on; omitted by text commands, which act on the current state. */
export interface Versioned {
  alertId: string;
  version?: string;
}

/** The result of an update that found the change already in place. */
export function unchanged(alert: Alert, message: string, said?: Said): UpdateResult {
  return { alert, changed: false, message, said };
}

/**
 * The steps every alert update shares: load the alert with a permission check, refuse a click made on an
 * older version of the card, write the change with a comment saying who did what via Teams, audit it,
 * and ask the notifier to update the card for everyone.
 */
export class AlertWriter {
  constructor(
    private readonly store: AlertStore,
    private readonly access: AccessService,
    private readonly audit: AuditSink,
    private readonly notifier: AlertNotifier,
  ) {}

  /** Loads the alert and checks the permission (an alert the requester may not see answers as missing). */
  async load(requester: Requester, permission: Permission, alertId: string): Promise<Alert> {
    const alert = await this.store.get(alertId);
    if (!alert) throw new TriageError('not-found', 'This alert does not exist (any more), or you cannot see it.');
    await this.access.authorize(requester, permission, alert);
    return alert;
  }

  /** Throws 'stale' when the click was made on a version of the card older than the alert. */
  checkVersion(alert: Alert, version: string | undefined): void {
    if (version !== undefined && version !== alert.lastUpdatedAt) {
      throw new TriageError(
        'stale',
        'This alert changed since your card was drawn (here or in the Defender portal). Nothing was changed: check the current state below and try again.',
      );
    }
  }

  /** Writes the patch and the "who did what via Teams" comment, audits, and updates the card for everyone. */
  async apply(
    requester: Requester,
    alert: Alert,
    patch: AlertPatch,
    what: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<Alert> {
    await this.store.update(alert.id, patch);
    return this.comment(requester, alert, what, action, details);
  }

  /** Adds "<requester> (via Teams): <text>" to the alert, audits `action`, and updates the card for everyone. */
  async comment(
    requester: Requester,
    alert: Alert,
    text: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<Alert> {
    const updated = await this.store.addComment(alert.id, viaTeamsComment(requester.name ?? requester.id, text));
    await this.audit.append({
      actor: { id: requester.id, name: requester.name },
      action,
      alertId: alert.id,
      outcome: 'success',
      details,
    });
    await this.notifier.alertChanged(updated);
    return updated;
  }
}
