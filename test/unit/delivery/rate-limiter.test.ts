import { strict as assert } from 'node:assert';
import {
  SlidingWindowLimiter,
  TEAMS_CONVERSATION_LIMITS,
  type RateWindow,
} from '../../../src/delivery/rate-limiter.js';
import { maxInAnyWindow } from '../../support/simulated-time.js';

const SECOND = 1_000;
const HOUR = 3_600_000;

const countIn = (times: readonly number[], from: number, to: number) => times.filter((t) => t >= from && t < to).length;

/** A sender that always has work: waits exactly `delayFor`, then sends (and records) at once. */
function greedy(limiter: SlidingWindowLimiter, key: string, untilMs: number, start = 0): number[] {
  const times: number[] = [];
  let now = start;
  for (;;) {
    const wait = limiter.delayFor(key, now);
    assert.ok(wait >= 0, 'never a negative delay');
    now += wait;
    if (now >= untilMs) return times;
    assert.equal(limiter.delayFor(key, now), 0, `after waiting the delay the next send is allowed (t=${now})`);
    limiter.record(key, now);
    times.push(now);
  }
}

describe('SlidingWindowLimiter', () => {
  it('the Teams conversation windows are 7/1 s, 8/2 s, 60/30 s and 1800/h', () => {
    assert.deepEqual(
      TEAMS_CONVERSATION_LIMITS.map((w) => [w.limit, w.windowMs]),
      [
        [7, 1_000],
        [8, 2_000],
        [60, 30_000],
        [1_800, 3_600_000],
      ],
    );
  });

  describe('a greedy sender over two simulated hours under the Teams windows', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    const times = greedy(limiter, 'channel-1', 2 * HOUR);

    for (const w of TEAMS_CONVERSATION_LIMITS) {
      it(`never exceeds ${w.limit} in any ${w.windowMs} ms`, () => {
        assert.equal(maxInAnyWindow(times, w.windowMs), w.limit);
      });
    }

    it('achieves the maximum each window allows from a cold start', () => {
      assert.equal(countIn(times, 0, 1 * SECOND), 7);
      assert.equal(countIn(times, 0, 2 * SECOND), 8);
      assert.equal(countIn(times, 0, 30 * SECOND), 60);
      assert.equal(countIn(times, 0, HOUR), 1_800);
      assert.equal(countIn(times, HOUR, 2 * HOUR), 1_800, 'and again in the second hour');
      assert.equal(times.length, 3_600);
    });

    it('sends the first 7 at once and the 8th exactly when the 1 s window frees', () => {
      assert.deepEqual(times.slice(0, 9), [0, 0, 0, 0, 0, 0, 0, 1_000, 2_000]);
    });
  });

  it('a greedy sender under a single window gets exactly `limit` per window and never more', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 3, windowMs: 100 }]);
    const times = greedy(limiter, 'k', 1_000);
    assert.equal(maxInAnyWindow(times, 100), 3);
    assert.equal(times.length, 30);
  });

  it('a slow sender is never delayed', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    // One send every 2.1 s stays under every window (at most 1 per 2 s, 15 per 30 s, 1715 per hour).
    for (let now = 0; now < 2 * HOUR; now += 2_100) {
      assert.equal(limiter.delayFor('k', now), 0, `t=${now}`);
      limiter.record('k', now);
    }
  });

  it('the delay is exactly the time until the oldest counting send leaves its window', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, windowMs: 1_000 }]);
    limiter.record('k', 100);
    assert.equal(limiter.delayFor('k', 150), 0);
    limiter.record('k', 400);
    assert.equal(limiter.delayFor('k', 500), 600, 'the send at 100 counts until 1100');
    assert.equal(limiter.delayFor('k', 1_099), 1);
    assert.equal(limiter.delayFor('k', 1_100), 0);
  });

  it('keys are independent', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    const a = greedy(limiter, 'channel-a', 30 * SECOND);
    assert.equal(a.length, 60);
    assert.ok(limiter.delayFor('channel-a', 30 * SECOND - 1) > 0, 'a is exhausted');
    assert.equal(limiter.delayFor('channel-b', 0), 0, 'b has its own budget');
    const b = greedy(limiter, 'channel-b', 30 * SECOND);
    assert.deepEqual(b, a, 'b gets the same full budget a did');
  });

  it('an empty window list never delays', () => {
    const limiter = new SlidingWindowLimiter([] as RateWindow[]);
    for (let i = 0; i < 10_000; i++) {
      assert.equal(limiter.delayFor('k', 0), 0);
      limiter.record('k', 0);
    }
  });

  it('operations recorded long ago stop counting', () => {
    const limiter = new SlidingWindowLimiter(TEAMS_CONVERSATION_LIMITS);
    const first = greedy(limiter, 'k', HOUR);
    assert.equal(first.length, 1_800);
    assert.ok(limiter.delayFor('k', HOUR - 1) > 0);
    // After two quiet hours the full burst is available again.
    assert.deepEqual(
      greedy(limiter, 'k', 3 * HOUR + 2 * SECOND, 3 * HOUR).map((t) => t - 3 * HOUR),
      [0, 0, 0, 0, 0, 0, 0, 1_000],
    );
  });
});
