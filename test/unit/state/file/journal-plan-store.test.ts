import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { JournalPlanStore } from '../../../../src/state/file/journal-plan-store.js';
import type { RemediationPlan } from '../../../../src/triage/remediation/remediation-plan.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const DAY = 24 * 3_600_000;

const plan = (planId: string, createdMs: number, extra: Partial<RemediationPlan> = {}): RemediationPlan => ({
  planId,
  alertId: 'dl-1',
  action: 'disableUser',
  mode: 'execute',
  steps: [
    {
      id: '1',
      kind: 'disableUser',
      target: 'u1',
      description: 'Disable u1.',
      executable: true,
      params: { name: 'U 1' },
    },
  ],
  evidence: '[]',
  requestedBy: { id: 'a1', name: 'A' },
  createdAt: new Date(createdMs).toISOString(),
  expiresAt: new Date(createdMs + 600_000).toISOString(),
  ...extra,
});

describe('JournalPlanStore (remediation-plans.jsonl)', () => {
  const tmp = useTempDir('plan-store-');

  it('reads plans back after a restart, exactly as written', async () => {
    const store = await JournalPlanStore.open(tmp.path, new Date(T0));
    const p = plan('p1', T0, {
      usedAt: new Date(T0 + 1).toISOString(),
      results: [{ stepId: '1', kind: 'disableUser', description: 'Disable u1.', outcome: 'succeeded', message: 'ok' }],
    });
    await store.create(p);
    await store.close();
    const again = await JournalPlanStore.open(tmp.path, new Date(T0));
    assert.deepEqual(await again.get('p1'), p);
    await again.close();
    assert.ok((await fs.stat(path.join(tmp.path, 'remediation-plans.jsonl'))).size > 0);
  });

  it('update is atomic per plan: of two concurrent claims only one changes it', async () => {
    const store = await JournalPlanStore.open(tmp.path, new Date(T0));
    await store.create(plan('p1', T0));
    const claim = (at: string) => store.update('p1', (p) => (p.usedAt ? undefined : { ...p, usedAt: at }));
    const [a, b] = await Promise.all([claim('first'), claim('second')]);
    assert.equal(a?.usedAt, 'first');
    assert.equal(b, undefined);
    assert.equal((await store.get('p1'))?.usedAt, 'first');
    assert.equal(await store.update('missing', (p) => p), undefined);
    await store.close();
  });

  it('on open, drops plans never confirmed a day after they expired, and confirmed plans after 90 days', async () => {
    const store = await JournalPlanStore.open(tmp.path, new Date(T0));
    await store.create(plan('fresh', T0));
    await store.create(plan('unused-old', T0 - 2 * DAY));
    await store.create(plan('used-recent', T0 - 30 * DAY, { usedAt: new Date(T0 - 30 * DAY).toISOString() }));
    await store.create(plan('used-ancient', T0 - 100 * DAY, { usedAt: new Date(T0 - 100 * DAY).toISOString() }));
    await store.close();
    const again = await JournalPlanStore.open(tmp.path, new Date(T0));
    const kept = await Promise.all(
      ['fresh', 'unused-old', 'used-recent', 'used-ancient'].map(async (id) => !!(await again.get(id))),
    );
    assert.deepEqual(kept, [true, false, true, false]);
    await again.close();
  });
});
