import { strict as assert } from 'node:assert';
import { MemoryInvokeAnswerCache } from '../../../../src/state/memory/memory-invoke-answer-cache.js';

describe('MemoryInvokeAnswerCache', () => {
  const key = (n: number) => ({ actorId: 'mia-id', verb: 'alert.refresh', activityId: `f:${n}` });

  async function answerAll(cache: MemoryInvokeAnswerCache, ids: readonly number[], runs: number[]): Promise<void> {
    for (const n of ids) await cache.once(key(n), async () => runs.push(n));
  }

  it('keeps the newest 1,000 answers by default: the oldest is answered afresh, the newest are not', async () => {
    const cache = new MemoryInvokeAnswerCache();
    const runs: number[] = [];
    await answerAll(
      cache,
      Array.from({ length: 1_001 }, (_, n) => n),
      runs,
    );
    runs.length = 0;
    await answerAll(cache, [1_000, 999, 1, 0], runs);
    assert.deepEqual(runs, [0], 'only the first, pushed out by the 1,001st, runs again');
  });

  it('keeps as many as it is told to', async () => {
    const cache = new MemoryInvokeAnswerCache(2);
    const runs: number[] = [];
    await answerAll(cache, [1, 2, 3], runs);
    runs.length = 0;
    await answerAll(cache, [3, 2, 1], runs);
    assert.deepEqual(runs, [1]);
  });
});
