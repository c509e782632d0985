import { z } from 'zod';

/** Value parsers shared by the environment schemas of `config.ts`: an empty value always means "not set". */

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** '' and whitespace become undefined, so that the key's default (or "not set") applies. */
export const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
/** An optional, trimmed string. */
export const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
/** An integer in [min, max], `def` when not set. */
export const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));
/** true/false (also 1/0, yes/no), `def` when not set. */
export const bool = (def: boolean) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase() : undefined),
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
      .default(def ? 'true' : 'false')
      .transform((v) => ['true', '1', 'yes'].includes(v)),
  );
/** An https origin (no path): Graph, the authority host and the Defender API are addressed by origin. */
const origin = () =>
  z
    .url({ protocol: /^https$/, message: 'must be an https URL' })
    .refine((u) => new URL(u).pathname === '/', 'must be an origin without a path, e.g. https://host');
const trimSlash = (v: unknown) => (typeof v === 'string' ? emptyToUndefined(v.trim().replace(/\/+$/, '')) : v);
/** An optional https origin; a trailing slash is dropped. */
export const httpsOrigin = () => z.preprocess(trimSlash, origin().optional());
/** An https origin, `def` when not set. */
export const httpsOriginOr = (def: string) => z.preprocess(trimSlash, origin().default(def));

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
/** An optional https URL; plain http only on a loopback host (a local stand-in for tests). */
export const httpsOrLoopbackUrl = () =>
  z.preprocess(
    emptyToUndefined,
    z
      .url({ protocol: /^https?$/, message: 'must be an https URL' })
      .refine(isHttpsOrLoopback, 'must be an https URL (http only on a loopback host)')
      .optional(),
  );

function isHttpsOrLoopback(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || LOOPBACK.has(url.hostname);
  } catch {
    return false;
  }
}

/**
 * A comma list of Graph `serviceSource` values (ALERT_SOURCES), each one of `known` (any case, stored in
 * Graph's spelling), without repeats; `def` when not set. A bad entry is named in the error.
 */
export const sourceList = (known: readonly string[], def: readonly string[]) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .optional()
      .transform((text, ctx) => {
        if (text === undefined) return [...def];
        const words = text
          .split(',')
          .map((w) => w.trim())
          .filter(Boolean);
        const unknown = words.filter((w) => !known.some((k) => k.toLowerCase() === w.toLowerCase()));
        if (words.length === 0 || unknown.length > 0) {
          const bad = unknown.map((w) => `"${w.length > 40 ? w.slice(0, 37) + '...' : w}"`).join(', ');
          ctx.addIssue({
            code: 'custom',
            message: `${bad ? `names no alerts_v2 serviceSource: ${bad}; ` : ''}use a comma list of: ${known.join(', ')}`,
          });
          return z.NEVER;
        }
        return [...new Set(words.map((w) => known.find((k) => k.toLowerCase() === w.toLowerCase())!))];
      }),
  );
