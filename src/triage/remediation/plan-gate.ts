import type { AccessService, Requester } from '../access/access-service.js';
import type { Permission } from '../access/permissions.js';
import type { Alert } from '../alert.js';
import type { AlertStore, AuditSink } from '../ports.js';
import { TriageError, isTriageError } from '../triage-error.js';
import { permissionFor, type RemediationAction } from './remediation-action.js';
import { refuseAudited } from './remediation-audit.js';
import type { RemediationPlan, RemediationPlanStore } from './remediation-plan.js';

/** What a confirm or undo names: the plan, the alert it must belong to, and the action it must be for. */
export interface PlanRef {
  alertId: string;
  planId: string;
  action: RemediationAction;
}

export interface PlannedRemediation {
  alert: Alert;
  plan: RemediationPlan;
}

export interface PlanGateDeps {
  alerts: Pick<AlertStore, 'get'>;
  access: AccessService;
  plans: Pick<RemediationPlanStore, 'get'>;
  audit: Pick<AuditSink, 'append'>;
}

/** The one answer for a plan someone may not use, whatever the reason: it must not reveal that the plan exists. */
export const PLAN_NOT_FOUND =
  'This remediation plan does not exist (any more). Choose the action on the alert card again.';
const ALERT_NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';
const BACKEND_DOWN = 'The remediation backend did not answer, so nothing was changed. Try again in a minute.';

/**
 * Opens a stored plan for a confirm or an undo, in an order that reveals nothing about a plan to someone
 * who may not use it: the alert, then the requester's access to it (for the action the click names), and
 * only then the plan. An unknown plan, another alert's, another action's or another person's is answered
 * and audited alike (only `details.refusal` tells them apart).
 */
export class PlanGate {
  constructor(private readonly deps: PlanGateDeps) {}

  /** Confirm: the action's permission on the alert, and only the person who reviewed the plan. */
  async forConfirm(requester: Requester, ref: PlanRef): Promise<PlannedRemediation> {
    const audited = 'alert.remediate.confirm';
    const alert = await this.alert(requester, ref.alertId, audited);
    await this.deps.access.authorize(requester, permissionFor(ref.action), alert);
    return { alert, plan: await this.plan(requester, ref, audited, (p) => p.requestedBy.id === requester.id) };
  }

  /**
   * Undo: the person who confirmed the plan (its requester: only they can confirm it) with the action's
   * permission, or anyone holding `alert.remediate.undoAny` (admins) on the alert.
   */
  async forUndo(requester: Requester, ref: PlanRef): Promise<PlannedRemediation> {
    const audited = 'alert.remediate.undo';
    const alert = await this.alert(requester, ref.alertId, audited);
    const anyone = await this.holds(requester, 'alert.remediate.undoAny', alert);
    await this.deps.access.authorize(requester, anyone ? 'alert.remediate.undoAny' : permissionFor(ref.action), alert);
    return {
      alert,
      plan: await this.plan(requester, ref, audited, (p) => anyone || p.requestedBy.id === requester.id),
    };
  }

  /** The alert, or a refusal that reads like one for an alert the requester cannot see. */
  async alert(requester: Requester, alertId: string, audited: string): Promise<Alert> {
    const alert = await fromBackend(() => this.deps.alerts.get(alertId));
    if (!alert) await refuseAudited(this.deps.audit, requester, audited, alertId, 'not-found', ALERT_NOT_FOUND);
    return alert!;
  }

  private async plan(
    requester: Requester,
    ref: PlanRef,
    audited: string,
    mayUse: (plan: RemediationPlan) => boolean,
  ): Promise<RemediationPlan> {
    const plan = await fromBackend(() => this.deps.plans.get(ref.planId));
    const refusal = !plan
      ? 'unknown plan'
      : plan.alertId !== ref.alertId
        ? 'plan of another alert'
        : plan.action !== ref.action
          ? 'plan of another action'
          : mayUse(plan)
            ? undefined
            : "another person's plan";
    if (refusal)
      await refuseAudited(this.deps.audit, requester, audited, ref.alertId, 'not-found', PLAN_NOT_FOUND, {
        planId: ref.planId,
        remediation: ref.action,
        refusal,
      });
    return plan!;
  }

  /** A quiet check; when the directory fails it says no, and the `authorize` that follows fails closed and audits. */
  private async holds(requester: Requester, permission: Permission, alert: Alert): Promise<boolean> {
    return this.deps.access.can(requester.id, permission, alert).catch(() => false);
  }
}

/** Backend failures before anything changed become one clear answer. */
export async function fromBackend<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isTriageError(e)) throw e;
    throw new TriageError('unavailable', BACKEND_DOWN, { cause: e });
  }
}
