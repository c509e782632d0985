import type { Requester } from '../access/access-service.js';
import type { Alert } from '../alert.js';
import type { AlertNotifier, AuditSink } from '../ports.js';
import { isTriageError } from '../triage-error.js';
import { REMEDIATION_TITLES } from './remediation-action.js';
import { auditPerson as person, auditStep } from './remediation-audit.js';
import {
  describeStatus,
  exposuresOf,
  runStatus,
  undoSteps,
  type PlannedStep,
  type RemediationMode,
  type RemediationPlan,
  type RunStatus,
  type StepResult,
} from './remediation-plan.js';
import type { Remediator } from './remediator.js';

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

export interface RemediationRunnerDeps {
  remediator: Pick<Remediator, 'execute'>;
  audit: Pick<AuditSink, 'append'>;
  notifier: Pick<AlertNotifier, 'postInThread'>;
}

const UNKNOWN_OUTCOME =
  'The backend did not answer, so whether this step took effect is unknown. Check the target before trying again.';

/**
 * Runs the steps of a plan that passed every check, audits each one (operation, target kind, target,
 * outcome), then audits the run's status and sums it up in the alert's thread.
 */
export class RemediationRunner {
  constructor(private readonly deps: RemediationRunnerDeps) {}

  /** Audits the overall status, posts the thread summary and answers with the run. */
  async finish(
    requester: Requester,
    kind: 'run' | 'undo',
    alert: Alert,
    plan: RemediationPlan,
    results: StepResult[],
  ): Promise<RemediationRun> {
    const status = runStatus(results);
    const done = results.filter((r) => r.outcome === 'succeeded').length;
    const failed = results.filter((r) => r.outcome === 'failed').length;
    const exposures = exposuresOf(results);
    const reasons: Partial<Record<RunStatus, string>> = {
      partlyFailed: `${failed} of ${done + failed} steps failed`,
      failed: 'every step failed',
      doneButExposed: `still exposed: ${exposures.join('; ')}`,
    };
    await this.deps.audit.append({
      actor: person(requester),
      action: kind === 'run' ? 'alert.remediate.confirm' : 'alert.remediate.undo',
      alertId: alert.id,
      outcome: status === 'partlyFailed' || status === 'failed' ? 'failed' : 'success',
      reason: reasons[status],
      details: {
        planId: plan.planId,
        remediation: plan.action,
        status,
        succeeded: done,
        failed,
        ...(exposures.length ? { stillExposedBy: exposures } : {}),
      },
    });
    await this.notify(requester, kind, plan, status, results);
    const undoable = kind === 'run' && status !== 'dryRun' && !plan.undoneAt && undoSteps(plan).length > 0;
    return { kind, alert, plan, results, status, undoable };
  }

  /** Runs (or, in dry run, only records) each step in order; a failing step does not stop the next. */
  async runSteps(
    requester: Requester,
    plan: RemediationPlan,
    steps: readonly PlannedStep[],
    mode: RemediationMode,
    audited: string,
  ): Promise<StepResult[]> {
    const results: StepResult[] = [];
    for (const step of steps) {
      const base = {
        stepId: step.id,
        kind: step.kind,
        description: step.description,
        ...(step.exposure ? { exposure: step.exposure } : {}),
      };
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
        details: {
          planId: plan.planId,
          remediation: plan.action,
          ...auditStep(step),
          outcome: result.outcome,
          message: result.message,
          dryRun: mode === 'dryRun',
          error,
        },
      });
    }
    return results;
  }

  /** A one-line summary in the thread; it names no target, since everyone in the channel reads it. */
  private async notify(
    requester: Requester,
    kind: 'run' | 'undo',
    plan: RemediationPlan,
    status: RunStatus,
    results: StepResult[],
  ): Promise<void> {
    const who = requester.name ?? 'Someone';
    const title = REMEDIATION_TITLES[plan.action];
    const verb = kind === 'run' ? 'confirmed' : 'undid';
    const text = `${who} ${verb} "${title}": ${describeStatus(status, results)}.`;
    try {
      await this.deps.notifier.postInThread(plan.alertId, { text });
    } catch (e) {
      // The remediation already happened; a lost notice must not turn its result into an error.
      await this.deps.audit
        .append({
          actor: 'system',
          action: 'alert.remediate.notify',
          alertId: plan.alertId,
          outcome: 'failed',
          reason: e instanceof Error ? e.message : String(e),
        })
        .catch(() => undefined);
    }
  }
}
