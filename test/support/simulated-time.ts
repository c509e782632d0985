import sinon from 'sinon';

/** Pending work Node reports: file requests (journals, audit) and immediates (the sender's kick). */
const PENDING = /^(FSReq|FileHandle|CloseReq|Immediate)/;

/**
 * Simulated time over sinon fake timers (setTimeout, clearTimeout, Date) for code that also does real
 * file I/O (journals). Time only moves when nothing else can happen: `settle()` fires everything due
 * now and waits for pending file requests and immediates, and `advance`/`runUntil` jump from one
 * scheduled timer to the next, settling in between — so "when" something happened is exact.
 *
 * setImmediate stays real on purpose: fake-timers schedules an immediate created inside a firing timer
 * 1 ms later, which would skew every "exactly after Retry-After" measurement by a millisecond.
 */
export class SimulatedTime {
  private readonly realSetImmediate = setImmediate;

  private constructor(readonly clock: sinon.SinonFakeTimers) {}

  static install(startMs: number): SimulatedTime {
    return new SimulatedTime(sinon.useFakeTimers({ now: startMs, toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  }

  now(): number {
    return this.clock.now;
  }

  /**
   * Runs everything due at the current simulated time, including the file I/O and immediates it starts, until quiet.
   */
  async settle(): Promise<void> {
    let quiet = 0;
    for (let i = 0; quiet < 3; i++) {
      if (i > 200_000) throw new Error('SimulatedTime.settle: never became quiet');
      await this.clock.tickAsync(0);
      quiet = this.workPending() ? 0 : quiet + 1;
      await new Promise<void>((resolve) => this.realSetImmediate(resolve));
    }
  }

  /** Moves simulated time forward by `ms`, firing (and settling after) every timer due on the way. */
  async advance(ms: number): Promise<void> {
    let reached = false;
    this.clock.setTimeout(() => {
      reached = true;
    }, ms);
    for (;;) {
      await this.settle();
      if (reached) return;
      await this.clock.nextAsync();
    }
  }

  /** Advances timer by timer until `done()` holds; throws if it does not within `maxMs` of simulated time. */
  async runUntil(done: () => boolean, maxMs: number, what = 'the condition'): Promise<void> {
    let reached = false;
    const sentinel = this.clock.setTimeout(() => {
      reached = true;
    }, maxMs);
    try {
      for (;;) {
        await this.settle();
        if (done()) return;
        if (reached) throw new Error(`${what} did not happen within ${maxMs} simulated ms`);
        await this.clock.nextAsync();
      }
    } finally {
      this.clock.clearTimeout(sentinel);
    }
  }

  uninstall(): void {
    this.clock.restore();
  }

  private workPending(): boolean {
    return process.getActiveResourcesInfo().some((r) => PENDING.test(r));
  }
}

/** The most times (ms) in any half-open span [t, t + windowMs): what a rate window must never exceed. */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}
