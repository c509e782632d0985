import { strict as assert } from 'node:assert';
import { parseRetryAfter, retryDelayMs } from '../../../src/delivery/retry-policy.js';
import { DeliveryError } from '../../../src/delivery/teams-sender.js';

const CAP = 5 * 60_000;
const lowest = () => 0;
const highest = () => 0.999_999_999;
const half = () => 0.5;

describe('retryDelayMs', () => {
  it('429 with Retry-After waits exactly that long, whatever the attempt count or jitter', () => {
    for (const attempts of [0, 3, 30]) {
      assert.equal(retryDelayMs(new DeliveryError('throttled', 429, 7_000), attempts, highest), 7_000);
    }
    assert.equal(retryDelayMs(new DeliveryError('throttled', 429, 0), 5, highest), 0, 'Retry-After: 0 is honoured');
  });

  const backoff: Array<[string, DeliveryError]> = [
    ['412', new DeliveryError('precondition failed', 412)],
    ['429 without Retry-After', new DeliveryError('throttled', 429)],
    ['502', new DeliveryError('bad gateway', 502)],
    ['503', new DeliveryError('unavailable', 503)],
    ['504', new DeliveryError('gateway timeout', 504)],
    ['a network error (no status)', new DeliveryError('ECONNRESET')],
  ];
  for (const [name, error] of backoff) {
    it(`${name} backs off exponentially with jitter between half and all of the ceiling, capped at 5 minutes`, () => {
      for (let attempts = 0; attempts <= 12; attempts++) {
        const ceiling = Math.min(CAP, 1_000 * 2 ** attempts);
        assert.equal(retryDelayMs(error, attempts, lowest), ceiling / 2, `attempt ${attempts}, lowest jitter`);
        assert.equal(retryDelayMs(error, attempts, highest), ceiling, `attempt ${attempts}, highest jitter`);
        assert.equal(retryDelayMs(error, attempts, half), (3 * ceiling) / 4, `attempt ${attempts}, middle jitter`);
      }
      assert.equal(retryDelayMs(error, 1_000, highest), CAP, 'a huge attempt count stays at the cap');
      assert.equal(retryDelayMs(error, 1_000, lowest), CAP / 2);
    });
  }

  it('the delays grow: each attempt doubles until the cap', () => {
    const delays = Array.from({ length: 11 }, (_, a) => retryDelayMs(new DeliveryError('x', 503), a, lowest));
    assert.deepEqual(delays, [500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 150_000, 150_000]);
  });

  it('jitter from a real random source stays within [ceiling/2, ceiling]', () => {
    for (let i = 0; i < 1_000; i++) {
      const d = retryDelayMs(new DeliveryError('x', 502), 4, Math.random)!;
      assert.ok(d >= 8_000 && d <= 16_000, String(d));
    }
  });

  for (const status of [400, 401, 403, 404, 413]) {
    it(`${status} is not retried`, () => {
      assert.equal(retryDelayMs(new DeliveryError('final', status), 0, half), undefined);
      assert.equal(
        retryDelayMs(new DeliveryError('final', status, 1_000), 0, half),
        undefined,
        'even with a Retry-After',
      );
    });
  }
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-03-10T12:00:00.000Z');

  it('reads delta-seconds', () => {
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1_500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    assert.equal(parseRetryAfter('Tue, 10 Mar 2026 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Tue, 10 Mar 2026 11:59:00 GMT', now), 0, 'a date in the past means now');
  });

  it('a negative number of seconds means now', () => {
    assert.equal(parseRetryAfter('-5', now), 0);
  });

  it('ignores a missing or unreadable header', () => {
    for (const v of [undefined, null, '', 'soon', 'Tuesday-ish', '12 seconds']) {
      assert.equal(parseRetryAfter(v, now), undefined, String(v));
    }
  });
});
