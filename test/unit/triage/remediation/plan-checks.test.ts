import { strict as assert } from 'node:assert';
import type { Alert } from '../../../../src/triage/alert.js';
import { confirmRefusal, undoRefusal } from '../../../../src/triage/remediation/plan-checks.js';
import { evidenceFingerprint } from '../../../../src/triage/remediation/remediation-action.js';
import type { RemediationPlan } from '../../../../src/triage/remediation/remediation-plan.js';
import { alertWith } from '../../../support/alerts.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const TTL = 10 * 60_000;
const alert: Alert = alertWith('a1', {
  title: 'Alert',
  createdAt: '2026-03-10T10:00:00.000Z',
  lastUpdatedAt: '2026-03-10T10:00:00.000Z',
  workload: 'Exchange',
  subject: { id: 'u1', userPrincipalName: 'u1@contoso.example', displayName: 'U One' },
});
const plan = (extra: Partial<RemediationPlan> = {}): RemediationPlan => ({
  planId: 'p1',
  alertId: alert.id,
  action: 'disableUser',
  mode: 'execute',
  steps: [{ id: '1', kind: 'disableUser', target: 'u1', description: 'Disable u1', executable: true }],
  evidence: evidenceFingerprint(alert),
  requestedBy: { id: 'r1' },
  createdAt: '2026-03-10T11:55:00.000Z',
  expiresAt: '2026-03-10T12:05:00.000Z',
  ...extra,
});
const ran = { stepId: '1', kind: 'disableUser' as const, description: 'Disable u1', message: 'ok' };

describe('remediation plan checks (pure): the first reason a plan may not run or be undone', () => {
  it('confirm: a fresh plan for unchanged evidence may run', () => {
    assert.equal(confirmRefusal(plan(), alert, NOW, TTL), undefined);
  });

  it('confirm: used, then expired, then changed evidence, then nothing to change, in that order', () => {
    const expired = { expiresAt: '2026-03-10T12:00:00.000Z' };
    const used = { usedAt: '2026-03-10T11:58:00.000Z' };
    const moved = { ...alert, subject: { ...alert.subject!, id: 'u2' } };
    const code = (p: RemediationPlan, a = alert) => confirmRefusal(p, a, NOW, TTL)?.code;
    assert.match(
      confirmRefusal(plan({ ...used, ...expired }), alert, NOW, TTL)!.message,
      /already confirmed at 11:58 UTC/,
    );
    assert.match(
      confirmRefusal(plan(expired), moved, NOW, TTL)!.message,
      /expired at 12:00 UTC .*valid for 10 minutes/,
    );
    assert.equal(code(plan(), moved), 'stale');
    assert.equal(code(plan({ steps: [{ ...plan().steps[0]!, executable: false }] })), 'invalid');
  });

  it('undo: a run that disabled an account may be undone once; dry runs, unrun and irreversible plans may not', () => {
    const done = plan({ usedAt: '2026-03-10T11:58:00.000Z', results: [{ ...ran, outcome: 'succeeded' }] });
    assert.equal(undoRefusal(done), undefined);
    assert.match(undoRefusal({ ...done, mode: 'dryRun' })!.message, /dry run/);
    assert.match(undoRefusal(plan())!.message, /was not run/);
    assert.match(undoRefusal({ ...done, results: [{ ...ran, outcome: 'failed' }] })!.message, /cannot be undone/);
    assert.deepEqual(undoRefusal({ ...done, undoneAt: '2026-03-10T11:59:00.000Z' }), {
      code: 'conflict',
      message: 'This remediation was already undone at 11:59 UTC.',
    });
  });
});
