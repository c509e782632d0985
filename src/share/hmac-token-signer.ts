import crypto from 'node:crypto';
import type { TokenSigner } from '../triage/share/share-link.js';

/** HMAC-SHA256 token signer; the key stays in this object. */
export class HmacTokenSigner implements TokenSigner {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('the share link key must be at least 32 bytes');
  }

  sign(data: string): string {
    return crypto.createHmac('sha256', this.key).update(data, 'utf8').digest('base64url');
  }

  verify(data: string, mac: string): boolean {
    // Compared as strings, not decoded bytes: base64url ignores the low bits of the last character, so a
    // decoded comparison would accept several spellings of one MAC.
    const expected = Buffer.from(this.sign(data), 'utf8');
    const given = Buffer.from(mac, 'utf8');
    // The length of a MAC is public (always 43 characters); only the content needs a constant-time compare.
    return given.length === expected.length && crypto.timingSafeEqual(given, expected);
  }
}
