import { strict as assert } from 'node:assert';
import type { DigestSubscriptionRepository } from '../../../src/digest/digest-subscription-repository.js';
import type { DigestSubscription } from '../../../src/triage/digest/digest-subscription.js';
import { freshState, sortedBy, type StateFactory } from './state-fixture.js';

const forUser = (userId: string, extra: Partial<DigestSubscription> = {}): DigestSubscription => ({
  id: `user:${userId}`,
  target: { kind: 'user', userId },
  name: 'Mia',
  time: '08:00',
  timeZone: 'Europe/Berlin',
  since: '2026-03-10T07:00:00.000Z',
  createdBy: { id: userId, name: 'Mia' },
  ...extra,
});
const forChannel = (channelId: string): DigestSubscription => ({
  id: `channel:${channelId}`,
  target: { kind: 'channel', channelId },
  time: '17:30',
  timeZone: 'Asia/Singapore',
  since: '2026-03-10T07:00:00+08:00',
  lastSentDate: '2026-03-12',
  createdBy: { id: 'avery-id' },
});

const byId = (list: readonly DigestSubscription[]) => sortedBy(list, (s) => s.id);

/** The DigestSubscriptionRepository contract: durable subscriptions by id. */
export function digestSubscriptionRepositoryContract(
  name: string,
  factory: StateFactory<DigestSubscriptionRepository>,
): void {
  describe(`DigestSubscriptionRepository contract: ${name}`, () => {
    const state = freshState(factory);

    it('starts empty', async () => {
      assert.deepEqual(await state.repo.list(), []);
      assert.equal(await state.repo.get('user:mia'), undefined);
    });

    it('keeps user and channel subscriptions with every field, across a reopen', async () => {
      await state.repo.save(forUser('mia'));
      await state.repo.save(forChannel('19:general@thread.tacv2'));
      const expected = byId([forUser('mia'), forChannel('19:general@thread.tacv2')]);
      assert.deepEqual(byId(await state.repo.list()), expected);
      const again = await state.fixture.reopen();
      assert.deepEqual(byId(await again.list()), expected);
      assert.deepEqual(await again.get('user:mia'), forUser('mia'));
    });

    it('a save replaces the subscription with the same id (a new time, the date last sent)', async () => {
      await state.repo.save(forUser('mia'));
      await state.repo.save(forUser('mia', { time: '09:15', lastSentDate: '2026-03-11' }));
      const again = await state.fixture.reopen();
      assert.deepEqual(await again.list(), [forUser('mia', { time: '09:15', lastSentDate: '2026-03-11' })]);
    });

    it('remove answers whether there was one, and the removal is durable', async () => {
      await state.repo.save(forUser('mia'));
      await state.repo.save(forUser('sam'));
      assert.equal(await state.repo.remove('user:mia'), true);
      assert.equal(await state.repo.remove('user:mia'), false);
      assert.equal(await state.repo.remove('user:nobody'), false);
      const again = await state.fixture.reopen();
      assert.equal(await again.get('user:mia'), undefined);
      assert.deepEqual(await again.list(), [forUser('sam')]);
    });
  });
}
