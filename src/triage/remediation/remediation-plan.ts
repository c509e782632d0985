import type { RemediationAction } from './remediation-action.js';
import { inverseOf, type RemediationStep } from './remediator.js';

export type RemediationMode = 'execute' | 'dryRun';

/** A step of a stored plan: its position (1-based, as text) and what it will do. */
export type PlannedStep = RemediationStep & { id: string };

/**
 * What happened to one step: `skipped` for a step the plan marked non-executable, `notExecuted` in dry
 * run. `exposure` carries over a skipped step's: what still exposes the target after the run.
 */
export interface StepResult {
  stepId: string;
  kind: RemediationStep['kind'];
  description: string;
  outcome: 'succeeded' | 'failed' | 'skipped' | 'notExecuted';
  message: string;
  exposure?: string;
}

export interface PlanPerson {
  id: string;
  name?: string;
}

/**
 * A reviewed plan: made by one person, for one alert's evidence, valid until `expiresAt`, run at most
 * once (`usedAt`, only by `requestedBy`) and undone at most once (`undoneAt`).
 */
export interface RemediationPlan {
  planId: string;
  alertId: string;
  action: RemediationAction;
  /** The mode the plan was shown in; a dry-run plan never executes, whatever the mode is at confirm time. */
  mode: RemediationMode;
  steps: PlannedStep[];
  /** `evidenceFingerprint` of the alert when planned. */
  evidence: string;
  requestedBy: PlanPerson;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
  results?: StepResult[];
  undoneAt?: string;
  undoneBy?: PlanPerson;
  undoResults?: StepResult[];
}

/** Durable plan records. `update` is atomic per plan: nothing else runs between reading and writing it. */
export interface RemediationPlanStore {
  get(planId: string): Promise<RemediationPlan | undefined>;
  create(plan: RemediationPlan): Promise<void>;
  /**
   * Applies `change` to the stored plan and persists the result; `change` returns undefined to leave it
   * as it is. Resolves with the new plan, or undefined when there was no plan or no change.
   */
  update(
    planId: string,
    change: (plan: RemediationPlan) => RemediationPlan | undefined,
  ): Promise<RemediationPlan | undefined>;
}

/**
 * Overall outcome of a run, as the card states it: never "done" while a step failed, and
 * `doneButExposed` when every step went through but something the plan could not change (an inherited
 * anyone link) still exposes the target.
 */
export type RunStatus = 'done' | 'doneButExposed' | 'partlyFailed' | 'failed' | 'dryRun';

export function runStatus(results: readonly StepResult[]): RunStatus {
  if (results.some((r) => r.outcome === 'notExecuted')) return 'dryRun';
  const failed = results.filter((r) => r.outcome === 'failed').length;
  const succeeded = results.filter((r) => r.outcome === 'succeeded').length;
  if (failed === 0) return exposuresOf(results).length > 0 ? 'doneButExposed' : 'done';
  return succeeded === 0 ? 'failed' : 'partlyFailed';
}

/** What still exposes the target after a run, each named once ("an anyone link inherited from the parent folder"). */
export function exposuresOf(results: readonly StepResult[]): string[] {
  return [...new Set(results.flatMap((r) => (r.exposure ? [r.exposure] : [])))];
}

/** The inverse of every succeeded step that has one, under the original step's id. */
export function undoSteps(plan: RemediationPlan): PlannedStep[] {
  const succeeded = new Set((plan.results ?? []).filter((r) => r.outcome === 'succeeded').map((r) => r.stepId));
  return plan.steps.flatMap((s) => {
    const inverse = succeeded.has(s.id) ? inverseOf(s) : undefined;
    return inverse ? [{ ...inverse, id: s.id }] : [];
  });
}

/** The run's outcome in a few words for the alert's thread ("done, but still exposed: …"); it names no target. */
export function describeStatus(status: RunStatus, results: readonly StepResult[]): string {
  const count = (o: StepResult['outcome']) => results.filter((r) => r.outcome === o).length;
  const steps = (n: number) => `${n} step${n === 1 ? '' : 's'}`;
  switch (status) {
    case 'dryRun':
      return `dry run, nothing was changed (${steps(count('notExecuted'))} reviewed)`;
    case 'done':
      return `done (${steps(count('succeeded'))})`;
    case 'doneButExposed':
      return `done, but still exposed: ${exposuresOf(results).join('; ')} (${steps(count('succeeded'))} done)`;
    case 'partlyFailed':
      return `partly failed: ${count('succeeded')} done, ${count('failed')} failed`;
    case 'failed':
      return `failed (${steps(count('failed'))})`;
  }
}
