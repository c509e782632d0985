import { strict as assert } from 'node:assert';
import { clientKey } from '../../../src/http/client-address.js';
import { ClientRateLimit } from '../../../src/http/client-rate-limit.js';

describe('ClientRateLimit', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('allows a burst of perMinute requests, then refuses with the seconds until the next one', () => {
    const limit = new ClientRateLimit(6, 100, clock);
    for (let i = 0; i < 6; i++) assert.deepEqual(limit.take('a'), { allowed: true }, `request ${i + 1}`);
    assert.deepEqual(limit.take('a'), { allowed: false, retryAfterSeconds: 10 }, 'one request every 10 s');
    now += 9_000;
    assert.equal(limit.take('a').allowed, false, 'a refused request earns nothing');
    now += 1_000;
    assert.deepEqual(limit.take('a'), { allowed: true });
  });

  it('refills evenly up to the burst, never beyond', () => {
    const limit = new ClientRateLimit(60, 100, clock);
    for (let i = 0; i < 60; i++) limit.take('a');
    now += 3_600_000;
    let allowed = 0;
    while (limit.take('a').allowed) allowed++;
    assert.equal(allowed, 60);
  });

  it('counts each client on its own', () => {
    const limit = new ClientRateLimit(1, 100, clock);
    assert.equal(limit.take('a').allowed, true);
    assert.equal(limit.take('a').allowed, false);
    assert.equal(limit.take('b').allowed, true);
  });

  it('keeps at most maxClients keys, forgetting the one seen least recently', () => {
    const limit = new ClientRateLimit(1, 1000, clock);
    limit.take('old');
    limit.take('busy');
    for (let i = 0; i < 100_000; i++) {
      limit.take(`10.0.${i >> 8}.${i & 255}`);
      if (i % 500 === 0) limit.take('busy');
      assert.ok(limit.size <= 1000);
    }
    assert.equal(limit.size, 1000);
    assert.equal(limit.take('busy').allowed, false, 'a client seen recently is still counted');
    assert.equal(limit.take('old').allowed, true, 'the one seen longest ago was forgotten');
  });
});

describe('clientKey', () => {
  it('counts IPv4 by address, IPv4-mapped IPv6 as IPv4, IPv6 by its /64', () => {
    assert.equal(clientKey('203.0.113.7'), '203.0.113.7');
    assert.equal(clientKey('::ffff:203.0.113.7'), '203.0.113.7');
    assert.equal(clientKey('2001:db8:1:2:3:4:5:6'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:db8:1:2::99'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:0db8:0001:0002:ffff::1'), '2001:db8:1:2::/64');
    assert.equal(clientKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(clientKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(clientKey('::1'), '0:0:0:0::/64');
    assert.equal(clientKey(undefined), 'unknown');
  });
});
