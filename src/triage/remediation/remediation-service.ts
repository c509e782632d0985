import { randomUUID } from 'node:crypto';
import type { AccessService, Requester } from '../access/access-service.js';
import type { AlertNotifier, AlertStore, AuditSink, Clock } from '../ports.js';
import type { TriageErrorCode } from '../triage-error.js';
import { PlanGate, fromBackend, type PlanRef, type PlannedRemediation } from './plan-gate.js';
import { confirmRefusal, undoRefusal } from './plan-checks.js';
import {
  REMEDIATION_TITLES,
  evidenceFingerprint,
  permissionFor,
  remediationsFor,
  type RemediationAction,
} from './remediation-action.js';
import { auditPerson as person, auditStep, refuseAudited } from './remediation-audit.js';
import {
  undoSteps,
  type RemediationMode,
  type RemediationPlan,
  type RemediationPlanStore,
} from './remediation-plan.js';
import { RemediationRunner, type RemediationRun } from './remediation-runner.js';
import type { Remediator } from './remediator.js';

export type { PlanRef, PlannedRemediation } from './plan-gate.js';
export { undoSteps } from './remediation-plan.js';
export type { RemediationRun } from './remediation-runner.js';

export const PLAN_TTL_MS = 10 * 60_000;

export interface RemediationServiceDeps {
  alerts: Pick<AlertStore, 'get'>;
  access: AccessService;
  remediator: Remediator;
  plans: RemediationPlanStore;
  audit: Pick<AuditSink, 'append'>;
  notifier: Pick<AlertNotifier, 'postInThread'>;
  clock: Clock;
  mode: RemediationMode;
  /** How long a plan can be confirmed (default 10 minutes). */
  planTtlMs?: number;
  newPlanId?: () => string;
}

/**
 * Remediation in two steps: `plan` reads what an action would change and stores that plan for its
 * requester; `confirm` runs exactly that plan, once, for the same person, before it expires, while the
 * alert's evidence is unchanged; `undo` reverses it for that person or an admin. Every plan, step and
 * refusal is audited; each run is summed up in the alert's thread without naming the targets (the
 * channel may not see them).
 */
export class RemediationService {
  private readonly ttlMs: number;
  private readonly newPlanId: () => string;
  private readonly gate: PlanGate;
  private readonly runner: RemediationRunner;

  constructor(private readonly deps: RemediationServiceDeps) {
    this.ttlMs = deps.planTtlMs ?? PLAN_TTL_MS;
    this.newPlanId = deps.newPlanId ?? randomUUID;
    this.gate = new PlanGate(deps);
    this.runner = new RemediationRunner(deps);
  }

  /** Reads the plan for `action` from the backend and stores it for the requester to confirm. */
  async plan(requester: Requester, alertId: string, action: RemediationAction): Promise<PlannedRemediation> {
    const audited = 'alert.remediate';
    const alert = await this.gate.alert(requester, alertId, audited);
    await this.deps.access.authorize(requester, permissionFor(action), alert);
    if (!remediationsFor(alert).includes(action)) {
      await this.refuse(
        requester,
        audited,
        alertId,
        'invalid',
        `${REMEDIATION_TITLES[action]} does not apply to this alert's evidence. Refresh the card to see the actions that do.`,
        { remediation: action },
      );
    }
    const steps = await fromBackend(() => this.deps.remediator.plan(alert, action));
    const now = this.deps.clock.now();
    const plan: RemediationPlan = {
      planId: this.newPlanId(),
      alertId,
      action,
      mode: this.deps.mode,
      steps: steps.map((s, i) => ({ ...s, id: String(i + 1) })),
      evidence: evidenceFingerprint(alert),
      requestedBy: { id: requester.id, name: requester.name },
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlMs).toISOString(),
    };
    await this.deps.plans.create(plan);
    await this.deps.audit.append({
      actor: person(requester),
      action: audited,
      alertId,
      outcome: 'success',
      details: {
        planId: plan.planId,
        remediation: action,
        mode: plan.mode,
        expiresAt: plan.expiresAt,
        steps: plan.steps.map(auditStep),
      },
    });
    return { alert, plan };
  }

  /** Runs a stored plan step by step (dry run: none), after every check; a second confirm is refused. */
  async confirm(requester: Requester, ref: PlanRef): Promise<RemediationRun> {
    const audited = 'alert.remediate.confirm';
    const { alert, plan } = await this.gate.forConfirm(requester, ref);
    const refuse = (code: TriageErrorCode, message: string) =>
      this.refuse(requester, audited, alert.id, code, message, { planId: plan.planId, remediation: plan.action });
    const now = this.deps.clock.now();
    const refusal = confirmRefusal(plan, alert, now, this.ttlMs);
    if (refusal) await refuse(refusal.code, refusal.message);
    // Claimed before the first step runs: a retried or double click finds the plan used and stops here.
    const claimed = await this.deps.plans.update(plan.planId, (p) =>
      p.usedAt ? undefined : { ...p, usedAt: now.toISOString() },
    );
    if (!claimed)
      await refuse(
        'conflict',
        "This plan is already being run (or was run) and runs only once. Its result is in the alert's thread.",
      );

    const results = await this.runner.runSteps(requester, plan, plan.steps, plan.mode, 'alert.remediate.step');
    const saved = (await this.deps.plans.update(plan.planId, (p) => ({ ...p, results }))) ?? {
      ...plan,
      usedAt: now.toISOString(),
      results,
    };
    return this.runner.finish(requester, 'run', alert, saved, results);
  }

  /** Reverses the reversible steps of a confirmed plan (re-enable the account, release the device), once. */
  async undo(requester: Requester, ref: PlanRef): Promise<RemediationRun> {
    const audited = 'alert.remediate.undo';
    const { alert, plan } = await this.gate.forUndo(requester, ref);
    const refuse = (code: TriageErrorCode, message: string) =>
      this.refuse(requester, audited, alert.id, code, message, { planId: plan.planId, remediation: plan.action });
    const refusal = undoRefusal(plan);
    if (refusal) await refuse(refusal.code, refusal.message);
    const steps = undoSteps(plan);

    const mode = this.deps.mode;
    let current = plan;
    if (mode === 'execute') {
      const at = this.deps.clock.now().toISOString();
      const claimed = await this.deps.plans.update(plan.planId, (p) =>
        p.undoneAt ? undefined : { ...p, undoneAt: at, undoneBy: person(requester) },
      );
      if (!claimed) await refuse('conflict', 'This remediation is already being undone (or was undone).');
      current = claimed!;
    }
    const results = await this.runner.runSteps(requester, current, steps, mode, 'alert.remediate.undoStep');
    if (mode === 'execute')
      current = (await this.deps.plans.update(plan.planId, (p) => ({ ...p, undoResults: results }))) ?? {
        ...current,
        undoResults: results,
      };
    return this.runner.finish(requester, 'undo', alert, current, results);
  }

  private refuse(
    requester: Requester,
    action: string,
    alertId: string,
    code: TriageErrorCode,
    message: string,
    details?: Record<string, unknown>,
  ): Promise<never> {
    return refuseAudited(this.deps.audit, requester, action, alertId, code, message, details);
  }
}
