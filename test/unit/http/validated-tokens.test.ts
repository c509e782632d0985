import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { MAX_REUSE_MS, ValidatedTokens } from '../../../src/http/validated-tokens.js';

const activity = (serviceUrl = 'https://smba.example/emea/', channelId = 'msteams') =>
  ({ serviceUrl, channelId }) as unknown as Activity;
/** A bearer JWT whose payload says `exp` (seconds); the signature is not looked at here. */
const bearer = (exp: number, sub = 'bot') =>
  `Bearer eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ exp, sub })).toString('base64url')}.c2ln`;

describe('ValidatedTokens: a token validated once for a service URL and channel, until it expires', () => {
  let now = 1_800_000_000_000;
  let validations = 0;
  const valid = async () => void validations++;
  const forged = async () => {
    validations++;
    throw new Error('Unauthorized: signature');
  };
  beforeEach(() => {
    validations = 0;
  });

  it('validates a token once, and again for another service URL, channel or token', async () => {
    const tokens = new ValidatedTokens(() => now);
    const token = bearer(now / 1000 + 3600);
    await tokens.check(activity(), token, valid);
    await tokens.check(activity(), token, valid);
    assert.equal(validations, 1);
    await tokens.check(activity('https://evil.example/'), token, valid);
    await tokens.check(activity(undefined, 'emulator'), token, valid);
    await tokens.check(activity(), bearer(now / 1000 + 3600, 'other'), valid);
    assert.equal(validations, 4);
  });

  it('keeps no failure: a forged token is refused every time', async () => {
    const tokens = new ValidatedTokens(() => now);
    const token = bearer(now / 1000 + 3600);
    await assert.rejects(tokens.check(activity(), token, forged), /signature/);
    await assert.rejects(tokens.check(activity(), token, forged), /signature/);
    assert.equal(validations, 2);
    assert.equal(tokens.kept, 0);
  });

  it('validates again once the token expired, and at least every MAX_REUSE_MS', async () => {
    const tokens = new ValidatedTokens(() => now);
    const shortLived = bearer(now / 1000 + 60);
    await tokens.check(activity(), shortLived, valid);
    now += 59_000;
    await tokens.check(activity(), shortLived, valid);
    assert.equal(validations, 1);
    now += 1_000;
    await tokens.check(activity(), shortLived, forged).catch(() => undefined);
    assert.equal(validations, 2, 'at its expiry it is validated again (and refused by then)');

    const longLived = bearer(now / 1000 + 24 * 3600);
    await tokens.check(activity(), longLived, valid);
    now += MAX_REUSE_MS - 1;
    await tokens.check(activity(), longLived, valid);
    assert.equal(validations, 3);
    now += 1;
    await tokens.check(activity(), longLived, valid);
    assert.equal(validations, 4);
    await tokens.check(activity(), '', valid);
    await tokens.check(activity(), '', valid);
    assert.equal(validations, 5, 'no token (local mode): the validation is reused too');
  });

  it('a burst with a new token waits for one validation, and shares its failure without keeping it', async () => {
    const tokens = new ValidatedTokens(() => now);
    const token = bearer(now / 1000 + 3600, 'burst');
    let release!: () => void;
    const slow = () => {
      validations++;
      return new Promise<void>((resolve) => (release = resolve));
    };
    const burst = Array.from({ length: 60 }, () => tokens.check(activity(), token, slow));
    release();
    await Promise.all(burst);
    assert.equal(validations, 1);
    const refused = Array.from({ length: 5 }, () => tokens.check(activity(), bearer(1, 'x'), forged));
    for (const r of refused) await assert.rejects(r, /signature/);
    assert.equal(validations, 2);
    await assert.rejects(tokens.check(activity(), bearer(1, 'x'), forged), /signature/);
    assert.equal(validations, 3, 'a failure is not kept: the next request validates again');
  });

  it('holds at most a thousand validations, and no token in clear', async () => {
    const tokens = new ValidatedTokens(() => now);
    for (let i = 0; i < 2_500; i++) await tokens.check(activity(), bearer(now / 1000 + 3600, `s${i}`), valid);
    assert.ok(tokens.kept <= 1_000, `${tokens.kept} kept`);
    assert.doesNotMatch(JSON.stringify([...(tokens as unknown as { valid: Map<string, number> }).valid.keys()]), /eyJ/);
  });
});
