import type { AccessService, Requester } from '../access/access-service.js';
import { rolesGranting, type Permission } from '../access/permissions.js';
import type { Alert } from '../alert.js';
import type { AuditSink } from '../ports.js';
import { TriageError } from '../triage-error.js';
import type { Incident, IncidentStore } from './incident.js';

/** The one answer for an incident that does not exist and for one the requester may not see. */
export const INCIDENT_NOT_FOUND = 'This incident does not exist (any more), or you cannot see it.';

/** An incident and the alerts of it the requester may see (all of them for a change). */
export interface LoadedIncident {
  incident: Incident;
  alerts: Alert[];
}

/** The alert permissions an incident action needs on every alert of the incident. */
export const INCIDENT_CHANGE_PERMISSIONS = [
  'alert.assign',
  'alert.setStatus',
  'alert.classify',
  'alert.comment',
] as const;
export type IncidentChangePermission = (typeof INCIDENT_CHANGE_PERMISSIONS)[number];

/** What the incident card shows one reader: their alerts of it, and the changes they may make to it. */
export interface IncidentView extends LoadedIncident {
  /** The permissions the reader holds on EVERY alert of the incident (which forms the card offers). */
  mayChange: Set<IncidentChangePermission>;
}

/**
 * Access to an incident, decided per alert with the existing access model: someone sees an incident when
 * they may see at least one of its alerts (and only those alerts); they may change it only when they hold
 * the alert permission on EVERY alert of it, so an incident action never touches an alert out of their
 * scope. Refusals are audited once per incident and name no alert, unit or count the requester may not see.
 */
export class IncidentAccess {
  constructor(
    private readonly incidents: Pick<IncidentStore, 'get' | 'alertsOf'>,
    private readonly access: Pick<AccessService, 'can'>,
    private readonly audit: AuditSink,
  ) {}

  /** The incident with the alerts the requester may see; missing or wholly out of scope answers not-found. */
  async view(requester: Requester, incidentId: string): Promise<IncidentView> {
    const { incident, alerts, visible } = await this.read(requester, incidentId, 'incident.show');
    const mayChange = new Set<IncidentChangePermission>();
    for (const permission of INCIDENT_CHANGE_PERMISSIONS) {
      const each = await Promise.all(alerts.map((a) => this.access.can(requester.id, permission, a)));
      if (each.every(Boolean)) mayChange.add(permission);
    }
    return { incident, alerts: visible, mayChange };
  }

  /** The incident and all its alerts, when the requester holds `permission` on every one of them. */
  async forChange(
    requester: Requester,
    incidentId: string,
    permission: Permission,
    action: string,
  ): Promise<LoadedIncident> {
    const { incident, alerts } = await this.read(requester, incidentId, action);
    const allowed = await Promise.all(alerts.map((a) => this.access.can(requester.id, permission, a)));
    if (allowed.every(Boolean)) return { incident, alerts };
    const role = rolesGranting(permission)[0] ?? 'analyst';
    const message = `To change this incident you need the ${role} role for every one of its alerts. Nothing was changed.`;
    await this.refuse(requester, action, incidentId, message);
    throw new TriageError('forbidden', message, { key: 'errors.incidentNeedsEveryAlert', data: { role } });
  }

  private async read(requester: Requester, incidentId: string, action: string) {
    const incident = await this.incidents.get(incidentId);
    const alerts = incident ? await this.incidents.alertsOf(incidentId) : [];
    const seen = await Promise.all(alerts.map((a) => this.access.can(requester.id, 'alert.view', a)));
    const visible = alerts.filter((_, i) => seen[i]);
    if (!incident || visible.length === 0) {
      await this.refuse(requester, action, incidentId, 'cannot see the incident');
      throw new TriageError('not-found', INCIDENT_NOT_FOUND, { key: 'errors.incidentNotFound' });
    }
    return { incident, alerts, visible };
  }

  private refuse(requester: Requester, action: string, incidentId: string, reason: string): Promise<void> {
    return this.audit.append({
      actor: { id: requester.id, name: requester.name },
      action,
      outcome: 'denied',
      reason,
      details: { incidentId },
    });
  }
}
