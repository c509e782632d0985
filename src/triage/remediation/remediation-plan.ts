import type { RemediationAction } from './remediation-action.js';
import type { RemediationStep } from './remediator.js';

export type RemediationMode = 'execute' | 'dryRun';

/** A step of a stored plan: its position (1-based, as text) and what it will do. */
export type PlannedStep = RemediationStep & { id: string };

/** What happened to one step: `skipped` for a step the plan marked non-executable, `notExecuted` in dry run. */
export interface StepResult {
  stepId: string;
  kind: RemediationStep['kind'];
  description: string;
  outcome: 'succeeded' | 'failed' | 'skipped' | 'notExecuted';
  message: string;
}

export interface PlanPerson {
  id: string;
  name?: string;
}

/**
 * A reviewed plan: made by one person, for one alert's evidence, valid until `expiresAt`, run at most
 * once (`usedAt`) and undone at most once (`undoneAt`).
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
  update(planId: string, change: (plan: RemediationPlan) => RemediationPlan | undefined): Promise<RemediationPlan | undefined>;
}

/** Overall outcome of a run, as the card states it: never "done" while a step failed. */
export type RunStatus = 'done' | 'partlyFailed' | 'failed' | 'dryRun';

export function runStatus(results: readonly StepResult[]): RunStatus {
  if (results.some((r) => r.outcome === 'notExecuted')) return 'dryRun';
  const failed = results.filter((r) => r.outcome === 'failed').length;
  const succeeded = results.filter((r) => r.outcome === 'succeeded').length;
  if (failed === 0) return 'done';
  return succeeded === 0 ? 'failed' : 'partlyFailed';
}
