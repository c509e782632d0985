import { SlidingWindowLimiter, type RateWindow } from '../../delivery/rate-limiter.js';

/**
 * Keeps outbound calls under a rate by making callers wait for their turn (every attempt counts,
 * retries too). Graph allows 150 requests per minute per app and tenant on `/security`
 * (graph-api.md §3); the default below stays under that with room for clock skew.
 */
export class RequestPacer {
  private readonly limiter: SlidingWindowLimiter;

  constructor(
    windows: readonly RateWindow[],
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.limiter = new SlidingWindowLimiter(windows);
  }

  /** Waits until one more call is allowed, counts it, and resolves with how long it waited (ms). */
  async acquire(key = 'default'): Promise<number> {
    const start = this.now();
    for (;;) {
      const wait = this.limiter.delayFor(key, this.now());
      if (wait <= 0) {
        this.limiter.record(key, this.now());
        return this.now() - start;
      }
      await this.sleep(wait);
    }
  }
}

/** `/security` calls per minute: under Graph's documented 150 per app per tenant. */
export const SECURITY_API_WINDOWS: readonly RateWindow[] = [{ limit: 140, windowMs: 60_000 }];

/** Defender for Endpoint: 100 calls per minute and 1,500 per hour per API (graph-api.md §3). */
export const MDE_API_WINDOWS: readonly RateWindow[] = [
  { limit: 90, windowMs: 60_000 },
  { limit: 1_400, windowMs: 3_600_000 },
];
