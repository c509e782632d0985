import type { RemediationRunView } from '../../cards/remediation-card.js';
import type { Alert } from '../../src/triage/alert.js';
import type { RemediationPlan, RunStatus } from '../../src/triage/remediation/remediation-plan.js';
import { alertWith } from './alerts.js';

/** An alert with a long title, for remediation cards in tests. */
export const REMEDIATION_ALERT: Alert = alertWith('dl0123456789abcdef', {
  title: 'DLP policy match: card numbers shared externally from a OneDrive folder of the finance team',
  workload: 'OneDrive',
});

/** A sharing-link plan: two links to remove, one kept, one that stays exposed; confirmable until 17:10 UTC. */
export const SHARING_PLAN: RemediationPlan = {
  planId: '3f1c2d4e-0000-4000-8000-00000000abcd',
  alertId: REMEDIATION_ALERT.id,
  action: 'removeSharingLinks',
  mode: 'execute',
  steps: [
    {
      id: '1',
      kind: 'removeSharingLink',
      target: 'u',
      description: 'Remove the anyone link https://l/1.',
      executable: true,
    },
    {
      id: '2',
      kind: 'removeSharingLink',
      target: 'u',
      description: 'Remove the guest link https://l/2.',
      executable: true,
    },
    { id: '3', kind: 'removeSharingLink', target: 'u', description: 'Keep the organization link.', executable: false },
    {
      id: '4',
      kind: 'removeSharingLink',
      target: 'u',
      description: 'Cannot remove the inherited link https://l/4.',
      executable: false,
      exposure: 'an anyone link inherited from the parent folder',
    },
  ],
  evidence: '[]',
  requestedBy: { id: 'a0000000-0000-4000-8000-000000000004', name: 'Rui Responder' },
  createdAt: '2026-11-23T17:00:00.000Z',
  expiresAt: '2026-11-23T17:10:00.000Z',
};

/** The result of running (or undoing) SHARING_PLAN with `status`, every step succeeded but the exposed one. */
export function sharingRun(status: RunStatus, kind: 'run' | 'undo' = 'run'): RemediationRunView {
  const results = SHARING_PLAN.steps.map((s) => ({
    stepId: s.id,
    kind: s.kind,
    description: s.description,
    outcome: s.executable ? ('succeeded' as const) : ('skipped' as const),
    message: s.executable ? 'Removed.' : 'Left as it is.',
    ...(s.exposure ? { exposure: s.exposure } : {}),
  }));
  return { kind, alert: REMEDIATION_ALERT, plan: SHARING_PLAN, results, status, undoable: kind === 'run' };
}
