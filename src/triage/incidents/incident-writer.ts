import type { Requester } from '../access/access-service.js';
import type { Alert } from '../alert.js';
import type { Said } from '../alert-writer.js';
import type { AuditSink } from '../ports.js';
import { viaTeamsComment } from '../teams-markup.js';
import { TriageError } from '../triage-error.js';
import type { Incident, IncidentPatch, IncidentStore } from './incident.js';

/** Tells the cards of an incident's alerts that what they show of the incident changed. */
export interface IncidentNotifier {
  /** Re-draws the posted card of each alert (alerts without a card are left alone: no new thread). */
  incidentChanged(alerts: readonly Alert[]): Promise<void>;
}

/** What an incident action did: the incident now, whether anything changed, and a line for the user. */
export interface IncidentResult {
  incident: Incident;
  changed: boolean;
  /** The line in English (logs, English readers). */
  message: string;
  said: Said;
}

/** The incident card version a click was made on; omitted by text commands. */
export interface IncidentVersioned {
  incidentId: string;
  version?: string;
}

/**
 * The steps every incident action shares, as AlertWriter does them for alerts: refuse a stale click,
 * write the patch and the "who did what via Teams" comment, audit, and re-draw every card of the incident.
 */
export class IncidentWriter {
  constructor(
    private readonly store: Pick<IncidentStore, 'update' | 'addComment' | 'alertsOf'>,
    private readonly audit: AuditSink,
    private readonly notifier: IncidentNotifier,
  ) {}

  /** Throws 'stale' when the click was made on an older version of the incident card. */
  checkVersion(incident: Incident, version: string | undefined): void {
    if (version !== undefined && version !== incident.lastUpdatedAt) {
      throw new TriageError(
        'stale',
        'This incident changed since your card was drawn (here or in the Defender portal). Nothing was changed: check the current state below and try again.',
        { key: 'errors.incidentStale' },
      );
    }
  }

  /** Writes the patch (when any) and the comment, audits `action`, and updates the incident's cards. */
  async apply(
    requester: Requester,
    incident: Incident,
    patch: IncidentPatch | undefined,
    what: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<Incident> {
    if (patch) await this.store.update(incident.id, patch);
    const updated = await this.store.addComment(incident.id, viaTeamsComment(requester.name ?? requester.id, what));
    await this.audit.append({
      actor: { id: requester.id, name: requester.name },
      action,
      outcome: 'success',
      details: { incidentId: incident.id, ...details },
    });
    await this.notifier.incidentChanged(await this.store.alertsOf(incident.id));
    return updated;
  }
}
