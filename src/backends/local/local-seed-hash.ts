import { createHash } from 'node:crypto';

/**
 * The seed's only source of "randomness": digests of fixed strings, so the same inputs always give the
 * same tenant. Shared by the seed's modules (alerts, incidents, activity) and the demo feed.
 */

/** Hex digest of a fixed string: the only source of "randomness" here. */
export function hashHex(seed: string, length = 64): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha256').update(`${seed}#${i}`).digest('hex');
  return out.slice(0, length);
}

/** A version-4-looking GUID derived from `seed`. */
export function guidFrom(seed: string): string {
  const h = hashHex(seed, 32);
  const variant = '89ab'[parseInt(h.charAt(16), 16) % 4];
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A number in [0, modulo) derived from `seed`. */
export function hashInt(seed: string, modulo: number): number {
  return parseInt(hashHex(seed, 12), 16) % modulo;
}

/** Graph's DateTimeOffset format: 7 fractional digits (100 ns ticks), e.g. `2026-03-04T09:15:42.1234567Z`. */
export function graphTime(ms: number, subMsTicks = 0): string {
  const ticks = String(Math.max(0, Math.min(9999, Math.trunc(subMsTicks)))).padStart(4, '0');
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, `.$1${ticks}Z`);
}
