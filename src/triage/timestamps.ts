/**
 * Compares Graph timestamps (ISO 8601 with up to 7 fractional digits, e.g. `2026-03-04T09:15:42.1234567Z`)
 * without losing the sub-millisecond part that Date.parse drops.
 */
export function compareTimestamps(a: string, b: string): number {
  const ms = Date.parse(a) - Date.parse(b);
  if (ms !== 0 && !Number.isNaN(ms)) return Math.sign(ms);
  return Math.sign(fraction(a) - fraction(b));
}

function fraction(ts: string): number {
  const m = /\.(\d+)/.exec(ts);
  return m ? Number(`0.${m[1]}`) : 0;
}

/** The later of two timestamps; undefined counts as earliest. */
export function laterOf(a: string | undefined, b: string): string {
  return a === undefined || compareTimestamps(b, a) > 0 ? b : a;
}
