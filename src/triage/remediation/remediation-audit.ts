import type { Requester } from '../access/access-service.js';
import type { AuditSink } from '../ports.js';
import { TriageError, type TriageErrorCode } from '../triage-error.js';
import type { PlannedStep } from './remediation-plan.js';
import { targetKindOf } from './remediator.js';

/** The requester as the audit log records them. */
export function auditPerson(requester: Requester): { id: string; name?: string } {
  return { id: requester.id, name: requester.name };
}

/**
 * A step as the audit log records it: which operation, on what kind of target, exactly which target, and what it left
 * exposed.
 */
export function auditStep(step: PlannedStep): Record<string, unknown> {
  return {
    stepId: step.id,
    kind: step.kind,
    targetKind: targetKindOf(step.kind),
    target: step.target,
    ...(step.params ? { params: step.params } : {}),
    executable: step.executable,
    description: step.description,
    ...(step.exposure ? { exposure: step.exposure } : {}),
  };
}

/** Audits a refusal of `action` and throws it as the domain error the requester sees. */
export async function refuseAudited(
  audit: Pick<AuditSink, 'append'>,
  requester: Requester,
  action: string,
  alertId: string,
  code: TriageErrorCode,
  message: string,
  details?: Record<string, unknown>,
): Promise<never> {
  await audit.append({ actor: auditPerson(requester), action, alertId, outcome: 'denied', reason: message, details });
  throw new TriageError(code, message);
}
