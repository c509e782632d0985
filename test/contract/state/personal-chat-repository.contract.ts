import { strict as assert } from 'node:assert';
import type { PersonalChat } from '../../../src/delivery/personal-chats.js';
import type { PersonalChatRepository } from '../../../src/delivery/personal-chat-repository.js';
import { freshState, sortedBy, type StateFactory } from './state-fixture.js';

const MIA = 'a1b2c3d4-0000-4000-8000-00000000000a';

const chat = (userId: string, conversationId = `a:${userId}`): PersonalChat => ({
  userId,
  conversationId,
  serviceUrl: 'https://smba.example/emea/',
  tenantId: '11111111-2222-4333-8444-555555555555',
});

/** The PersonalChatRepository contract: one durable chat per person, the Entra id matched in any case. */
export function personalChatRepositoryContract(name: string, factory: StateFactory<PersonalChatRepository>): void {
  describe(`PersonalChatRepository contract: ${name}`, () => {
    const state = freshState(factory);

    it('starts empty', async () => {
      assert.deepEqual(await state.repo.list(), []);
      assert.equal(await state.repo.get(MIA), undefined);
    });

    it('keeps a chat, found by user id, across a reopen', async () => {
      await state.repo.save(chat(MIA));
      await state.repo.save(chat('olu-id'));
      assert.deepEqual(await state.repo.get(MIA), chat(MIA));
      const again = await state.fixture.reopen();
      assert.deepEqual(await again.get('olu-id'), chat('olu-id'));
      assert.deepEqual(
        sortedBy(await again.list(), (c) => c.userId),
        sortedBy([chat(MIA), chat('olu-id')], (c) => c.userId),
      );
    });

    it('finds a chat whatever the case of the id, and a save in another case replaces it', async () => {
      await state.repo.save(chat(MIA.toUpperCase(), 'a:first'));
      assert.deepEqual(await state.repo.get(MIA), chat(MIA.toUpperCase(), 'a:first'));
      await state.repo.save(chat(MIA, 'a:second'));
      const again = await state.fixture.reopen();
      assert.deepEqual(await again.list(), [chat(MIA, 'a:second')]);
      assert.deepEqual(await again.get(MIA.toUpperCase()), chat(MIA, 'a:second'));
    });
  });
}
