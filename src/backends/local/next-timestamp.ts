import { compareTimestamps } from '../../triage/timestamps.js';

/**
 * `now` in Graph's 7-digit format, or one tick (100 ns) after `previous` when the clock has not moved
 * past it: two changes in the same millisecond must still be two versions.
 */
export function nextTimestamp(previous: string, now: Date): string {
  const candidate = now.toISOString().replace('Z', '0000Z');
  if (compareTimestamps(candidate, previous) > 0) return candidate;
  const ms = Date.parse(previous);
  const ticks = Number((/\.(\d+)/.exec(previous)?.[1] ?? '0').padEnd(7, '0').slice(0, 7)) + 1;
  const base = new Date(Math.floor(ms / 1000) * 1000 + Math.floor(ticks / 10_000)).toISOString().slice(0, 19);
  return `${base}.${String(ticks % 10_000_000).padStart(7, '0')}Z`;
}
