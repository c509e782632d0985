import sinon from 'sinon';

const FS_REQUEST = /^(FSReq|FileHandle|CloseReq|StatWatcher)/;

/**
 * Simulated time over sinon fake timers (setTimeout, clearTimeout, setImmediate, Date) for code that
 * also does real file I/O (journals). Time only moves when nothing else can happen: `settle()` fires
 * everything due now and waits for pending file requests, and `advance`/`runUntil` jump from one
 * scheduled timer to the next, settling in between — so "when" something happened is exact.
 */
export class SimulatedTime {
  private readonly realSetImmediate = setImmediate;

  private constructor(readonly clock: sinon.SinonFakeTimers) {}

  static install(startMs: number): SimulatedTime {
    const realSetImmediate = setImmediate;
    const clock = sinon.useFakeTimers({ now: startMs, toFake: ['setTimeout', 'clearTimeout', 'setImmediate', 'Date'] });
    const time = new SimulatedTime(clock);
    (time as { realSetImmediate: typeof setImmediate }).realSetImmediate = realSetImmediate;
    return time;
  }

  now(): number {
    return this.clock.now;
  }

  /** Runs everything due at the current simulated time, including file I/O it starts, until quiet. */
  async settle(): Promise<void> {
    let quiet = 0;
    for (let i = 0; quiet < 3; i++) {
      if (i > 200_000) throw new Error('SimulatedTime.settle: never became quiet');
      await this.clock.tickAsync(0);
      quiet = this.fileIoPending() ? 0 : quiet + 1;
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

  private fileIoPending(): boolean {
    return process.getActiveResourcesInfo().some((r) => FS_REQUEST.test(r));
  }
}
