import type { Alert } from '../alert.js';
import type { TriageErrorCode } from '../triage-error.js';
import { REMEDIATION_TITLES, evidenceFingerprint } from './remediation-action.js';
import { undoSteps, type RemediationPlan } from './remediation-plan.js';

/** Why a stored plan may not be run (or undone), as the requester reads it. */
export interface Refusal {
  code: TriageErrorCode;
  message: string;
}

/**
 * The first reason a stored plan may not be confirmed at `now`, or undefined: it ran already, it
 * expired, the alert's evidence changed, or it changes nothing. The claim that makes it run once is the
 * caller's, after these checks.
 */
export function confirmRefusal(plan: RemediationPlan, alert: Alert, now: Date, ttlMs: number): Refusal | undefined {
  if (plan.usedAt)
    return refusal(
      'conflict',
      `This plan was already confirmed at ${clockTime(plan.usedAt)} and runs only once. Its result is in the alert's thread.`,
    );
  if (now.getTime() >= Date.parse(plan.expiresAt))
    return refusal(
      'stale',
      `This plan expired at ${clockTime(plan.expiresAt)} (plans are valid for ${Math.round(ttlMs / 60_000)} minutes). Choose the action again to review a fresh plan.`,
    );
  if (evidenceFingerprint(alert) !== plan.evidence)
    return refusal(
      'stale',
      "The alert's evidence changed since this plan was made, so it was not run. Choose the action again to review a fresh plan.",
    );
  if (!plan.steps.some((s) => s.executable)) return refusal('invalid', 'This plan has nothing to change.');
  return undefined;
}

/**
 * The first reason a plan may not be undone, or undefined: it was a dry run, it did not run, nothing
 * it did can be reversed from here, or it was undone already. The claim is the caller's.
 */
export function undoRefusal(plan: RemediationPlan): Refusal | undefined {
  if (plan.mode === 'dryRun')
    return refusal('invalid', 'This plan ran as a dry run: nothing was changed, so there is nothing to undo.');
  if (!plan.usedAt || !plan.results) return refusal('invalid', 'This plan was not run, so there is nothing to undo.');
  if (undoSteps(plan).length === 0)
    return refusal(
      'invalid',
      `${REMEDIATION_TITLES[plan.action]} cannot be undone from here (only a disabled account and an isolated device can), or none of its steps succeeded.`,
    );
  if (plan.undoneAt) return refusal('conflict', `This remediation was already undone at ${clockTime(plan.undoneAt)}.`);
  return undefined;
}

function refusal(code: TriageErrorCode, message: string): Refusal {
  return { code, message };
}

/** "14:05 UTC". */
function clockTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(11, 16)} UTC`;
}
