import path from 'node:path';
import { z } from 'zod';
import { REMEDIATION_ACTIONS } from '../../triage/remediation/remediation-action.js';
import type { RemediationPlan, RemediationPlanStore } from '../../triage/remediation/remediation-plan.js';
import { STEP_KINDS } from '../../triage/remediation/remediator.js';
import { Journal } from './journal.js';

const person = z.object({ id: z.string(), name: z.string().optional() });
const stepResult = z.object({
  stepId: z.string(),
  kind: z.enum(STEP_KINDS),
  description: z.string(),
  outcome: z.enum(['succeeded', 'failed', 'skipped', 'notExecuted']),
  message: z.string(),
  exposure: z.string().optional(),
});

/** A plan record as read back from `remediation-plans.jsonl`. */
export const remediationPlanSchema: z.ZodType<RemediationPlan> = z.object({
  planId: z.string(),
  alertId: z.string(),
  action: z.enum(REMEDIATION_ACTIONS),
  mode: z.enum(['execute', 'dryRun']),
  steps: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(STEP_KINDS),
      target: z.string(),
      description: z.string(),
      executable: z.boolean(),
      params: z.record(z.string(), z.string()).optional(),
    }),
  ),
  evidence: z.string(),
  requestedBy: person,
  createdAt: z.string(),
  expiresAt: z.string(),
  usedAt: z.string().optional(),
  results: z.array(stepResult).optional(),
  undoneAt: z.string().optional(),
  undoneBy: person.optional(),
  undoResults: z.array(stepResult).optional(),
});

/** Plans never confirmed are dropped a day after they expired; confirmed ones are kept 90 days for undo. */
const UNUSED_KEEP_MS = 24 * 3_600_000;
const USED_KEEP_MS = 90 * 24 * 3_600_000;

/** Remediation plans in a journal (`remediation-plans.jsonl`), keyed by plan id. */
export class JournalPlanStore implements RemediationPlanStore {
  private constructor(private readonly journal: Journal<RemediationPlan>) {}

  static async open(dataDir: string, now: Date): Promise<JournalPlanStore> {
    const journal = await Journal.open(path.join(dataDir, 'remediation-plans.jsonl'), remediationPlanSchema);
    const old = journal
      .values()
      .filter((p) =>
        p.usedAt
          ? now.getTime() - Date.parse(p.usedAt) > USED_KEEP_MS
          : now.getTime() - Date.parse(p.expiresAt) > UNUSED_KEEP_MS,
      );
    if (old.length > 0) await journal.write(old.map((p) => [p.planId, undefined] as const));
    return new JournalPlanStore(journal);
  }

  async get(planId: string): Promise<RemediationPlan | undefined> {
    return this.journal.get(planId);
  }

  async create(plan: RemediationPlan): Promise<void> {
    await this.journal.set(plan.planId, plan);
  }

  update(
    planId: string,
    change: (plan: RemediationPlan) => RemediationPlan | undefined,
  ): Promise<RemediationPlan | undefined> {
    // Read, change and the in-memory write happen in one synchronous stretch (Journal.write updates its
    // map before its first await), so two concurrent updates of one plan cannot both see the old state.
    const current = this.journal.get(planId);
    const next = current && change(current);
    if (!next) return Promise.resolve(undefined);
    return this.journal.set(planId, next).then(() => next);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
