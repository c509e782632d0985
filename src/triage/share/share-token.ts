import type { TokenSigner } from './share-link.js';

/** What a share token states; every field is covered by its MAC. */
export interface ShareClaims {
  linkId: string;
  alertId: string;
  tenantId: string;
  /** ISO 8601, whole seconds. */
  expiresAt: string;
}

const VERSION = 'v1';
// Longest real token: a 256-character alert id (the card verbs' limit) makes about 600 characters.
const MAX_TOKEN_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The token of a share link: `v1.<payload>.<mac>`, where payload is the base64url JSON
 * `{"l":linkId,"a":alertId,"t":tenantId,"e":expiry in Unix seconds}` and mac the signer's MAC
 * (HMAC-SHA256, base64url) over `v1.<payload>` — so the version is signed too and a later format cannot
 * be confused with this one.
 */
export function encodeShareToken(claims: ShareClaims, signer: TokenSigner): string {
  const expires = Math.floor(Date.parse(claims.expiresAt) / 1000);
  const json = JSON.stringify({ l: claims.linkId, a: claims.alertId, t: claims.tenantId, e: expires });
  const signed = `${VERSION}.${Buffer.from(json, 'utf8').toString('base64url')}`;
  return `${signed}.${signer.sign(signed)}`;
}

/** The claims of a well-formed token whose MAC verifies; undefined for anything else. Never throws. */
export function decodeShareToken(token: string, signer: TokenSigner): ShareClaims | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [version, payload, mac] = parts as [string, string, string];
  if (version !== VERSION || !BASE64URL.test(payload) || !BASE64URL.test(mac)) return undefined;
  // The MAC is checked before the payload is even decoded: nothing unauthenticated is parsed.
  if (!signer.verify(`${version}.${payload}`, mac)) return undefined;
  return parseClaims(payload);
}

function parseClaims(payload: string): ShareClaims | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const { l, a, t, e } = (raw ?? {}) as Record<string, unknown>;
  if (
    typeof l !== 'string' ||
    typeof a !== 'string' ||
    typeof t !== 'string' ||
    typeof e !== 'number' ||
    !Number.isSafeInteger(e)
  ) {
    return undefined;
  }
  const expiresAt = new Date(e * 1000);
  if (Number.isNaN(expiresAt.getTime())) return undefined;
  return { linkId: l, alertId: a, tenantId: t, expiresAt: expiresAt.toISOString() };
}
