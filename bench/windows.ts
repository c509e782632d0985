import type { RateWindow } from '../src/delivery/rate-limiter.js';

/**
 * Rate-window arithmetic for the fidelity run. Windows are half-open, as the product's limiter treats
 * them: `limit` calls are allowed in any interval [t, t + windowMs).
 */

/** The Teams per-conversation windows the fidelity run checks (the hourly one cannot bind in 35 s). */
export const CHECKED_WINDOWS: readonly RateWindow[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
];

/**
 * The most calls any schedule can make in [0, elapsedMs) under `windows`, starting at 0: the greedy
 * "send as soon as every window allows" schedule, which is optimal for sliding-window limits.
 */
export function theoreticalMax(windows: readonly RateWindow[], elapsedMs: number): number {
  const times: number[] = [];
  let t = 0;
  for (;;) {
    let wait = 0;
    for (const w of windows) {
      if (times.length < w.limit) continue;
      wait = Math.max(wait, times[times.length - w.limit]! + w.windowMs - t);
    }
    t += wait;
    if (t >= elapsedMs) return times.length;
    times.push(t);
  }
}

/** For each window: the largest number of calls in any [t, t + windowMs), and where it starts. */
export function maxInAnyWindow(
  sortedTimes: readonly number[],
  windowMs: number,
): { max: number; at: number | undefined } {
  let max = 0;
  let at: number | undefined;
  let j = 0;
  for (let i = 0; i < sortedTimes.length; i++) {
    if (j < i) j = i;
    while (j < sortedTimes.length && sortedTimes[j]! < sortedTimes[i]! + windowMs) j++;
    if (j - i > max) {
      max = j - i;
      at = sortedTimes[i];
    }
  }
  return { max, at };
}

/** Calls in [t0, t0 + windowMs). */
export function countFrom(sortedTimes: readonly number[], t0: number, windowMs: number): number {
  return sortedTimes.filter((t) => t >= t0 && t < t0 + windowMs).length;
}
