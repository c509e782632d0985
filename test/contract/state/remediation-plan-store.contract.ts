import { strict as assert } from 'node:assert';
import type { RemediationPlan, RemediationPlanStore } from '../../../src/triage/remediation/remediation-plan.js';
import { freshState, type StateFactory } from './state-fixture.js';

/** Far in the future: no implementation's clean-up of old plans may touch it. */
const LATER = '2999-01-01T00:00:00.000Z';

const plan = (planId: string): RemediationPlan => ({
  planId,
  alertId: 'a1',
  action: 'removeSharingLinks',
  mode: 'execute',
  steps: [
    {
      id: '1',
      kind: 'removeSharingLink',
      target: 'drive-1/item-1',
      description: 'Remove the anyone link',
      executable: true,
      params: { permissionId: 'p-1' },
    },
    { id: '2', kind: 'removeSharingLink', target: 'drive-1', description: 'Inherited link', executable: false },
  ],
  evidence: 'sha256:abc',
  requestedBy: { id: 'sam-id', name: 'Sam' },
  createdAt: '2998-12-31T23:50:00.000Z',
  expiresAt: LATER,
});

const used = (p: RemediationPlan): RemediationPlan => ({
  ...p,
  usedAt: '2998-12-31T23:55:00.000Z',
  results: [
    {
      stepId: '1',
      kind: 'removeSharingLink',
      description: 'Remove the anyone link',
      outcome: 'succeeded',
      message: 'removed',
    },
    {
      stepId: '2',
      kind: 'removeSharingLink',
      description: 'Inherited link',
      outcome: 'skipped',
      message: 'inherited from the folder',
      exposure: 'an anyone link on the folder',
    },
  ],
});

/** The RemediationPlanStore contract: durable plans by id, each update atomic per plan. */
export function remediationPlanStoreContract(name: string, factory: StateFactory<RemediationPlanStore>): void {
  describe(`RemediationPlanStore contract: ${name}`, () => {
    const state = freshState(factory);

    it('has no plan for an unknown id', async () => {
      assert.equal(await state.repo.get('p1'), undefined);
    });

    it('keeps a created plan exactly as written, across a reopen', async () => {
      await state.repo.create(plan('p1'));
      assert.deepEqual(await state.repo.get('p1'), plan('p1'));
      assert.deepEqual(await (await state.fixture.reopen()).get('p1'), plan('p1'));
    });

    it('update stores the changed plan (results with what still exposes the target included), across a reopen', async () => {
      await state.repo.create(plan('p1'));
      await state.repo.create(plan('p2'));
      assert.deepEqual(await state.repo.update('p1', used), used(plan('p1')));
      const again = await state.fixture.reopen();
      assert.deepEqual(await again.get('p1'), used(plan('p1')));
      assert.deepEqual(await again.get('p2'), plan('p2'), 'the other plan is untouched');
    });

    it('update resolves undefined and changes nothing when there is no plan or no change', async () => {
      assert.equal(await state.repo.update('missing', used), undefined);
      assert.equal(await state.repo.get('missing'), undefined);
      await state.repo.create(plan('p1'));
      assert.equal(await state.repo.update('p1', () => undefined), undefined);
      assert.deepEqual(await (await state.fixture.reopen()).get('p1'), plan('p1'));
    });

    it('of concurrent updates that each claim an unused plan, exactly one wins', async () => {
      await state.repo.create(plan('p1'));
      const claim = (who: string) => (p: RemediationPlan) =>
        p.usedAt ? undefined : { ...p, usedAt: '2998-12-31T23:55:00.000Z', requestedBy: { id: who } };
      const outcomes = await Promise.all(['a', 'b', 'c', 'd'].map((who) => state.repo.update('p1', claim(who))));
      const winners = outcomes.filter((o) => o !== undefined);
      assert.equal(winners.length, 1);
      assert.deepEqual(await (await state.fixture.reopen()).get('p1'), winners[0]);
    });
  });
}
