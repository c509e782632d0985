import { remediationVerbs } from '../../bot/features/remediation-verbs.js';
import { RemediationService } from '../triage/remediation/remediation-service.js';
import type { Contribution } from './capability.js';
import type { Parts } from './parts.js';

/** Remediation in two steps (plan, then confirm) and undo, against the backend's remediator. */
export function remediationCapability(parts: Parts): Contribution {
  const remediation = new RemediationService({
    alerts: parts.store,
    access: parts.access,
    remediator: parts.backend.remediator,
    plans: parts.state.remediationPlans,
    audit: parts.state.audit,
    notifier: parts.notifier,
    clock: parts.clock,
    mode: parts.config.REMEDIATION_MODE,
  });
  return { inputs: [remediationVerbs(remediation, parts.log)] };
}
