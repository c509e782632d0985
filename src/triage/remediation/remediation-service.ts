import { randomUUID } from 'node:crypto';
import type { AccessService, Requester } from '../access/access-service.js';
import type { Alert } from '../alert.js';
import type { AlertNotifier, AlertStore, AuditSink, Clock } from '../ports.js';
import { TriageError, isTriageError, type TriageErrorCode } from '../triage-error.js';
import { REMEDIATION_TITLES, evidenceFingerprint, permissionFor, remediationsFor, type RemediationAction } from './remediation-action.js';
import { runStatus, type PlannedStep, type RemediationMode, type RemediationPlan, type RemediationPlanStore, type RunStatus, type StepResult } from './remediation-plan.js';
import { inverseOf, type Remediator } from './remediator.js';

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

/** The outcome of a confirm (`run`) or an undo, step by step. */
export interface RemediationRun {
  kind: 'run' | 'undo';
  alert: Alert;
  plan: RemediationPlan;
  results: StepResult[];
  status: RunStatus;
  /** Whether the card may offer Undo (some succeeded step has an inverse and nothing was undone yet). */
  undoable: boolean;
}

const BACKEND_DOWN = 'The remediation backend did not answer, so nothing was changed. Try again in a minute.';
const UNKNOWN_OUTCOME = 'The backend did not answer, so whether this step took effect is unknown. Check the target before trying again.';

/**
 * Remediation in two steps: `plan` reads what an action would change and stores that plan for its
 * requester; `confirm` runs exactly that plan, once, for the same person, before it expires, while the
 * alert's evidence is unchanged. Every plan, step and refusal is audited; each run is summed up in the
 * alert's thread without naming the targets (the channel may not see them).
 */
export class RemediationService {
  private readonly ttlMs: number;
  private readonly newPlanId: () => string;

  constructor(private readonly deps: RemediationServiceDeps) {
    this.ttlMs = deps.planTtlMs ?? PLAN_TTL_MS;
    this.newPlanId = deps.newPlanId ?? randomUUID;
  }

  /** Reads the plan for `action` from the backend and stores it for the requester to confirm. */
  async plan(requester: Requester, alertId: string, action: RemediationAction): Promise<PlannedRemediation> {
    const audited = 'alert.remediate';
    const alert = await this.load(requester, alertId, audited);
    await this.deps.access.authorize(requester, permissionFor(action), alert);
    if (!remediationsFor(alert).includes(action)) {
      await this.refuse(requester, audited, alertId, 'invalid', `${REMEDIATION_TITLES[action]} does not apply to this alert's evidence. Refresh the card to see the actions that do.`, { remediation: action });
    }
    const steps = await this.backend(() => this.deps.remediator.plan(alert, action));
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
      details: { planId: plan.planId, remediation: action, mode: plan.mode, expiresAt: plan.expiresAt, steps: plan.steps.map(auditStep) },
    });
    return { alert, plan };
  }

  /** Runs a stored plan step by step (dry run: none), after every check; a second confirm is refused. */
  async confirm(requester: Requester, ref: PlanRef): Promise<RemediationRun> {
    const audited = 'alert.remediate.confirm';
    const { alert, plan } = await this.loadPlan(requester, ref, audited);
    const refuse = (code: TriageErrorCode, message: string) => this.refuse(requester, audited, alert.id, code, message, { planId: plan.planId, remediation: plan.action });
    if (plan.requestedBy.id !== requester.id) {
      await refuse('forbidden', `Only ${plan.requestedBy.name ?? 'the person who reviewed this plan'} can confirm this plan. To remediate yourself, choose the action on the alert card and review your own plan.`);
    }
    if (plan.usedAt) await refuse('conflict', `This plan was already confirmed at ${clockTime(plan.usedAt)} and runs only once. Its result is in the alert's thread.`);
    const now = this.deps.clock.now();
    if (now.getTime() >= Date.parse(plan.expiresAt)) {
      await refuse('stale', `This plan expired at ${clockTime(plan.expiresAt)} (plans are valid for ${Math.round(this.ttlMs / 60_000)} minutes). Choose the action again to review a fresh plan.`);
    }
    if (evidenceFingerprint(alert) !== plan.evidence) {
      await refuse('stale', "The alert's evidence changed since this plan was made, so it was not run. Choose the action again to review a fresh plan.");
    }
    if (!plan.steps.some((s) => s.executable)) await refuse('invalid', 'This plan has nothing to change.');
    // Claimed before the first step runs: a retried or double click finds the plan used and stops here.
    const claimed = await this.deps.plans.update(plan.planId, (p) => (p.usedAt ? undefined : { ...p, usedAt: now.toISOString() }));
    if (!claimed) await refuse('conflict', 'This plan is already being run (or was run) and runs only once. Its result is in the alert\'s thread.');

    const results = await this.runSteps(requester, plan, plan.steps, plan.mode, 'alert.remediate.step');
    const saved = (await this.deps.plans.update(plan.planId, (p) => ({ ...p, results }))) ?? { ...plan, usedAt: now.toISOString(), results };
    return this.finish(requester, 'run', alert, saved, results);
  }

  /** Reverses the reversible steps of a confirmed plan (re-enable the account, release the device), once. */
  async undo(requester: Requester, ref: PlanRef): Promise<RemediationRun> {
    const audited = 'alert.remediate.undo';
    const { alert, plan } = await this.loadPlan(requester, ref, audited);
    const refuse = (code: TriageErrorCode, message: string) => this.refuse(requester, audited, alert.id, code, message, { planId: plan.planId, remediation: plan.action });
    if (plan.mode === 'dryRun') await refuse('invalid', 'This plan ran as a dry run: nothing was changed, so there is nothing to undo.');
    if (!plan.usedAt || !plan.results) await refuse('invalid', 'This plan was not run, so there is nothing to undo.');
    const steps = undoSteps(plan);
    if (steps.length === 0) await refuse('invalid', `${REMEDIATION_TITLES[plan.action]} cannot be undone from here (only a disabled account and an isolated device can), or none of its steps succeeded.`);
    if (plan.undoneAt) await refuse('conflict', `This remediation was already undone at ${clockTime(plan.undoneAt)}.`);

    const mode = this.deps.mode;
    let current = plan;
    if (mode === 'execute') {
      const at = this.deps.clock.now().toISOString();
      const claimed = await this.deps.plans.update(plan.planId, (p) => (p.undoneAt ? undefined : { ...p, undoneAt: at, undoneBy: person(requester) }));
      if (!claimed) await refuse('conflict', 'This remediation is already being undone (or was undone).');
      current = claimed!;
    }
    const results = await this.runSteps(requester, current, steps, mode, 'alert.remediate.undoStep');
    if (mode === 'execute') current = (await this.deps.plans.update(plan.planId, (p) => ({ ...p, undoResults: results }))) ?? { ...current, undoResults: results };
    return this.finish(requester, 'undo', alert, current, results);
  }

  private async finish(requester: Requester, kind: 'run' | 'undo', alert: Alert, plan: RemediationPlan, results: StepResult[]): Promise<RemediationRun> {
    const status = runStatus(results);
    const done = results.filter((r) => r.outcome === 'succeeded').length;
    const failed = results.filter((r) => r.outcome === 'failed').length;
    await this.deps.audit.append({
      actor: person(requester),
      action: kind === 'run' ? 'alert.remediate.confirm' : 'alert.remediate.undo',
      alertId: alert.id,
      outcome: status === 'done' || status === 'dryRun' ? 'success' : 'failed',
      reason: status === 'partlyFailed' ? `${failed} of ${done + failed} steps failed` : status === 'failed' ? 'every step failed' : undefined,
      details: { planId: plan.planId, remediation: plan.action, status, succeeded: done, failed },
    });
    await this.notify(requester, kind, plan, status, results);
    const undoable = kind === 'run' && status !== 'dryRun' && !plan.undoneAt && undoSteps(plan).length > 0;
    return { kind, alert, plan, results, status, undoable };
  }

  private async runSteps(requester: Requester, plan: RemediationPlan, steps: readonly PlannedStep[], mode: RemediationMode, audited: string): Promise<StepResult[]> {
    const results: StepResult[] = [];
    for (const step of steps) {
      const base = { stepId: step.id, kind: step.kind, description: step.description };
      let result: StepResult;
      let error: string | undefined;
      if (!step.executable) result = { ...base, outcome: 'skipped', message: 'Not changed, as the plan said.' };
      else if (mode === 'dryRun') result = { ...base, outcome: 'notExecuted', message: 'Dry run: not executed.' };
      else {
        try {
          const done = await this.deps.remediator.execute(step);
          result = { ...base, outcome: done.ok ? 'succeeded' : 'failed', message: done.message };
        } catch (e) {
          error = e instanceof Error ? e.message : String(e);
          result = { ...base, outcome: 'failed', message: isTriageError(e) ? e.userMessage : UNKNOWN_OUTCOME };
        }
      }
      results.push(result);
      await this.deps.audit.append({
        actor: person(requester),
        action: audited,
        alertId: plan.alertId,
        outcome: result.outcome === 'failed' ? 'failed' : 'success',
        reason: result.outcome === 'failed' ? result.message : undefined,
        details: { planId: plan.planId, remediation: plan.action, ...auditStep(step), outcome: result.outcome, message: result.message, dryRun: mode === 'dryRun', error },
      });
    }
    return results;
  }

  /** A one-line summary in the thread; it names no target, since everyone in the channel reads it. */
  private async notify(requester: Requester, kind: 'run' | 'undo', plan: RemediationPlan, status: RunStatus, results: StepResult[]): Promise<void> {
    const who = requester.name ?? 'Someone';
    const title = REMEDIATION_TITLES[plan.action];
    const verb = kind === 'run' ? 'confirmed' : 'undid';
    const text = `${who} ${verb} "${title}": ${describeStatus(status, results)}.`;
    try {
      await this.deps.notifier.postInThread(plan.alertId, { text });
    } catch (e) {
      // The remediation already happened; a lost notice must not turn its result into an error.
      await this.deps.audit
        .append({ actor: 'system', action: 'alert.remediate.notify', alertId: plan.alertId, outcome: 'failed', reason: e instanceof Error ? e.message : String(e) })
        .catch(() => undefined);
    }
  }

  private async loadPlan(requester: Requester, ref: PlanRef, audited: string): Promise<PlannedRemediation> {
    const plan = await this.backend(() => this.deps.plans.get(ref.planId));
    if (!plan || plan.alertId !== ref.alertId) {
      await this.refuse(requester, audited, ref.alertId, 'not-found', 'This remediation plan does not exist (any more). Choose the action on the alert card again.', { planId: ref.planId });
    }
    const alert = await this.load(requester, ref.alertId, audited);
    if (plan!.action !== ref.action) {
      await this.refuse(requester, audited, alert.id, 'invalid', `This plan is for "${REMEDIATION_TITLES[plan!.action]}", not "${REMEDIATION_TITLES[ref.action]}". Choose the action again.`, { planId: ref.planId });
    }
    await this.deps.access.authorize(requester, permissionFor(plan!.action), alert);
    return { alert, plan: plan! };
  }

  private async load(requester: Requester, alertId: string, audited: string): Promise<Alert> {
    const alert = await this.backend(() => this.deps.alerts.get(alertId));
    if (!alert) await this.refuse(requester, audited, alertId, 'not-found', 'This alert does not exist (any more), or you cannot see it.');
    return alert!;
  }

  private async refuse(requester: Requester, action: string, alertId: string, code: TriageErrorCode, message: string, details?: Record<string, unknown>): Promise<never> {
    await this.deps.audit.append({ actor: person(requester), action, alertId, outcome: 'denied', reason: message, details });
    throw new TriageError(code, message);
  }

  /** Backend failures before anything changed become one clear answer. */
  private async backend<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isTriageError(e)) throw e;
      throw new TriageError('unavailable', BACKEND_DOWN, { cause: e });
    }
  }
}

/** The inverse of every succeeded step that has one, under the original step's id. */
export function undoSteps(plan: RemediationPlan): PlannedStep[] {
  const succeeded = new Set((plan.results ?? []).filter((r) => r.outcome === 'succeeded').map((r) => r.stepId));
  return plan.steps.flatMap((s) => {
    const inverse = succeeded.has(s.id) ? inverseOf(s) : undefined;
    return inverse ? [{ ...inverse, id: s.id }] : [];
  });
}

function describeStatus(status: RunStatus, results: readonly StepResult[]): string {
  const count = (o: StepResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;
  switch (status) {
    case 'dryRun':
      return `dry run, nothing was changed (${steps(count('notExecuted'))} reviewed)`;
    case 'done':
      return `done (${steps(count('succeeded'))})`;
    case 'partlyFailed':
      return `partly failed: ${count('succeeded')} done, ${count('failed')} failed`;
    case 'failed':
      return `failed (${steps(count('failed'))})`;
  }
}

function auditStep(step: PlannedStep) {
  return { stepId: step.id, kind: step.kind, target: step.target, executable: step.executable, description: step.description };
}

function person(requester: Requester) {
  return { id: requester.id, name: requester.name };
}

/** "14:05 UTC". */
function clockTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 16)} UTC`;
}
