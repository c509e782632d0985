/** The verdict on one request: go ahead, or wait this many whole seconds (for `Retry-After`). */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per client key: `perMinute` requests at once, refilled evenly over a minute. The table
 * holds at most `maxClients` keys; past that the client seen least recently is forgotten (its next
 * request starts from a full bucket), so memory stays bounded whatever the number of addresses.
 */
export class ClientRateLimit {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly perMinute: number,
    private readonly maxClients = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `key`. */
  take(key: string): RateVerdict {
    const now = this.now();
    const perMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key);
    const tokens = bucket
      ? Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMs)
      : this.perMinute;
    // Delete and set again: a Map iterates in insertion order, so the first key is the least recently seen.
    this.buckets.delete(key);
    const allowed = tokens >= 1;
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    while (this.buckets.size > this.maxClients) this.buckets.delete(this.buckets.keys().next().value!);
    return allowed
      ? { allowed: true }
      : { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)) };
  }

  /** How many clients the table holds now. */
  get size(): number {
    return this.buckets.size;
  }
}
