import { strict as assert } from 'node:assert';
import type { PostedCard } from '../../../src/delivery/card-registry.js';
import type { PostedCardRepository } from '../../../src/delivery/posted-card-repository.js';
import { freshState, sortedBy, type StateFactory } from './state-fixture.js';

const card = (alertId: string, version = 'v1'): PostedCard => ({
  alertId,
  channelId: '19:general@thread.tacv2',
  tenantId: '11111111-2222-4333-8444-555555555555',
  serviceUrl: 'https://smba.example/emea/',
  conversationId: `19:general@thread.tacv2;messageid=${alertId}-1`,
  activityId: `${alertId}-1`,
  version,
});

const byAlert = (list: readonly PostedCard[]) => sortedBy(list, (c) => c.alertId);

/** The PostedCardRepository contract: one durable record per alert id. */
export function postedCardRepositoryContract(name: string, factory: StateFactory<PostedCardRepository>): void {
  describe(`PostedCardRepository contract: ${name}`, () => {
    const state = freshState(factory);

    it('starts empty', async () => {
      assert.deepEqual(await state.repo.list(), []);
      assert.equal(await state.repo.get('a1'), undefined);
    });

    it('keeps a saved card, found by alert id, across a reopen', async () => {
      await state.repo.save(card('a1'));
      await state.repo.save(card('a2'));
      assert.deepEqual(await state.repo.get('a1'), card('a1'));
      const again = await state.fixture.reopen();
      assert.deepEqual(await again.get('a2'), card('a2'));
      assert.deepEqual(byAlert(await again.list()), [card('a1'), card('a2')]);
    });

    it('a save replaces the record of the same alert (a newer version on the card)', async () => {
      await state.repo.save(card('a1', 'v1'));
      await state.repo.save(card('a1', 'v2'));
      assert.deepEqual(await state.repo.list(), [card('a1', 'v2')]);
      assert.deepEqual(await (await state.fixture.reopen()).get('a1'), card('a1', 'v2'));
    });

    it('keeps the incident of a card, and the thread it is a reply in', async () => {
      const reply = { ...card('a2'), incidentId: '48026', inThreadOf: 'a1' };
      await state.repo.save(reply);
      assert.deepEqual(await (await state.fixture.reopen()).get('a2'), reply);
    });

    it('an alert id is matched exactly', async () => {
      await state.repo.save(card('a1'));
      assert.equal(await state.repo.get('A1'), undefined);
      assert.equal(await state.repo.get('a'), undefined);
    });
  });
}
