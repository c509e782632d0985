/** A limit of `limit` operations in any sliding window of `windowMs`. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

/** What Teams allows one bot in one conversation (a channel is one conversation): teams-platform.md §6. */
export const TEAMS_CONVERSATION_LIMITS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 3_600_000 },
];

/** The time an operation counts at; `settle` can move it later (to when the call completed). */
export interface RateStamp {
  t: number;
}

/**
 * Exact sliding-window limiter per key: it remembers the time of each recent operation, so several
 * windows (7/1 s, 8/2 s, 60/30 s, 1800/h) hold at once and a burst can never exceed any of them.
 */
export class SlidingWindowLimiter {
  private readonly history = new Map<string, RateStamp[]>();
  private readonly keep: number;
  private readonly horizonMs: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.keep = Math.max(0, ...windows.map((w) => w.limit));
    this.horizonMs = Math.max(0, ...windows.map((w) => w.windowMs));
  }

  /** Milliseconds until one more operation on `key` is allowed (0 = now). */
  delayFor(key: string, now: number): number {
    const times = this.history.get(key);
    if (!times) return 0;
    let wait = 0;
    for (const w of this.windows) {
      if (times.length < w.limit) continue;
      const oldestThatCounts = times[times.length - w.limit]!.t;
      wait = Math.max(wait, oldestThatCounts + w.windowMs - now);
    }
    return wait;
  }

  /** Records an operation on `key` at `now` (call it for every attempt, failed ones too). */
  record(key: string, now: number): RateStamp {
    const stamp = { t: now };
    if (this.windows.length === 0) return stamp;
    let times = this.history.get(key);
    if (!times) this.history.set(key, (times = []));
    times.push(stamp);
    const cutoff = now - this.horizonMs;
    let drop = Math.max(0, times.length - this.keep);
    while (drop < times.length && times[drop]!.t <= cutoff) drop++;
    if (drop > 0) times.splice(0, drop);
    return stamp;
  }

  /**
   * Moves an operation's time to when its call completed. Teams counts a call when it arrives, somewhere
   * between sending and the answer; counting it at the answer keeps network jitter from ever pushing a
   * burst over the limit.
   */
  settle(stamp: RateStamp, completedAt: number): void {
    stamp.t = Math.max(stamp.t, completedAt);
  }
}
