import type { DeliveryError } from './teams-sender.js';

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const BASE_MS = 1_000;
const CAP_MS = 5 * 60_000;

/**
 * How long to wait before retrying a failed Teams call, or undefined when it must not be retried.
 * 429 waits for Retry-After when Teams sends it; 412, 502, 503, 504, 429 without Retry-After and network
 * errors (no status) back off exponentially with full jitter, capped at five minutes; other statuses
 * (400, 401, 403, 404, 413, ...) are final.
 */
export function retryDelayMs(error: DeliveryError, attempts: number, random: () => number): number | undefined {
  if (error.status !== undefined && !RETRYABLE.has(error.status)) return undefined;
  if (error.status === 429 && error.retryAfterMs !== undefined) return error.retryAfterMs;
  const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempts, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Parses a Retry-After header (seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
