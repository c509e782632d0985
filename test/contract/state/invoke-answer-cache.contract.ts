import { strict as assert } from 'node:assert';
import type { InvokeAnswerCache, InvokeKey } from '../../../src/delivery/invoke-answer-cache.js';
import { freshState, type StateFactory } from './state-fixture.js';

const key = (extra: Partial<InvokeKey> = {}): InvokeKey => ({
  actorId: 'mia-id',
  verb: 'alert.assignToMe',
  activityId: 'f:123',
  ...extra,
});

/** An answer function that counts its runs and answers with its run number. */
function counted(): { runs: () => number; answer: () => Promise<string> } {
  let runs = 0;
  return { runs: () => runs, answer: async () => `answer ${++runs}` };
}

/**
 * The InvokeAnswerCache contract: one answer per (person, verb, activity id); failures are not kept.
 * Durability is not part of it (see MemoryInvokeAnswerCache).
 */
export function invokeAnswerCacheContract(name: string, factory: StateFactory<InvokeAnswerCache>): void {
  describe(`InvokeAnswerCache contract: ${name}`, () => {
    const state = freshState(factory);

    it('a retry with the same key gets the first answer, without running the action again', async () => {
      const action = counted();
      assert.equal(await state.repo.once(key(), action.answer), 'answer 1');
      assert.equal(await state.repo.once(key(), action.answer), 'answer 1');
      assert.equal(action.runs(), 1);
    });

    it('a retry that arrives while the first is still being answered gets the same answer', async () => {
      let release!: (value: string) => void;
      let runs = 0;
      const slow = () => {
        runs++;
        return new Promise<string>((resolve) => (release = resolve));
      };
      const first = state.repo.once(key(), slow);
      const retry = state.repo.once(key(), slow);
      release('the card');
      assert.deepEqual(await Promise.all([first, retry]), ['the card', 'the card']);
      assert.equal(runs, 1);
    });

    it('another person, verb or activity id is answered on its own', async () => {
      const action = counted();
      await state.repo.once(key(), action.answer);
      assert.equal(await state.repo.once(key({ actorId: 'sam-id' }), action.answer), 'answer 2');
      assert.equal(await state.repo.once(key({ verb: 'alert.refresh' }), action.answer), 'answer 3');
      assert.equal(await state.repo.once(key({ activityId: 'f:124' }), action.answer), 'answer 4');
    });

    it('keys are compared field by field: no two different keys meet when their text is joined', async () => {
      const action = counted();
      await state.repo.once({ actorId: 'a', verb: 'b,c', activityId: 'd' }, action.answer);
      await state.repo.once({ actorId: 'a,b', verb: 'c', activityId: 'd' }, action.answer);
      await state.repo.once({ actorId: 'a"', verb: '"b', activityId: 'd' }, action.answer);
      assert.equal(action.runs(), 3);
    });

    it('a failed answer is not kept: the retry runs the action again, and that answer is kept', async () => {
      await assert.rejects(
        state.repo.once(key(), async () => {
          throw new Error('the store was busy');
        }),
        /busy/,
      );
      const action = counted();
      assert.equal(await state.repo.once(key(), action.answer), 'answer 1');
      assert.equal(await state.repo.once(key(), action.answer), 'answer 1');
    });
  });
}
