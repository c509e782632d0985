import type { TrendPoint } from './digest.js';
import { DAY_MS } from './digest-rules.js';

/** How many 24-hour windows the digest's series covers. */
export const TREND_DAYS = 7;

/** Seven zero windows ending at `now`, oldest first. */
export function emptyTrend(now: Date): TrendPoint[] {
  const nowMs = now.getTime();
  return Array.from({ length: TREND_DAYS }, (_, i) => ({
    endsAt: new Date(nowMs - (TREND_DAYS - 1 - i) * DAY_MS).toISOString(),
    new: 0,
    resolved: 0,
  }));
}

/**
 * The window an instant `ageMs` before now falls in (TREND_DAYS − 1 is the last 24 h), or undefined when
 * it is older than the series or not a time. Half-open like the 24 h counts: an age of exactly 24 h is
 * the day before; a time slightly in the future (clock skew) counts as the last 24 h, as it does there.
 */
export function trendIndexOf(ageMs: number): number | undefined {
  if (Number.isNaN(ageMs)) return undefined;
  const daysAgo = ageMs < DAY_MS ? 0 : Math.floor(ageMs / DAY_MS);
  return daysAgo < TREND_DAYS ? TREND_DAYS - 1 - daysAgo : undefined;
}
