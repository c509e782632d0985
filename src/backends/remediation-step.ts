import type { RemediationStep } from '../triage/remediation/remediator.js';

/** One step of a plan; `params` only when there are some. */
export function remediationStep(
  kind: RemediationStep['kind'],
  target: string,
  description: string,
  executable: boolean,
  params?: Record<string, string>,
): RemediationStep {
  return { kind, target, description, executable, ...(params ? { params } : {}) };
}
