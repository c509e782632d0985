import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig: digest keys', () => {
  it('defaults: catch-up 6 h; SLA 4 / 24 / 72 h', () => {
    const c = loadConfig({});
    assert.deepEqual([c.DIGEST_CATCHUP_HOURS, c.SLA_HOURS_HIGH, c.SLA_HOURS_MEDIUM, c.SLA_HOURS_LOW], [6, 4, 24, 72]);
  });

  it('takes values from the environment and names bad ones', () => {
    const c = loadConfig({
      DIGEST_CATCHUP_HOURS: '0',
      SLA_HOURS_HIGH: '2',
      SLA_HOURS_MEDIUM: '12',
      SLA_HOURS_LOW: '48',
    });
    assert.deepEqual([c.DIGEST_CATCHUP_HOURS, c.SLA_HOURS_HIGH, c.SLA_HOURS_MEDIUM, c.SLA_HOURS_LOW], [0, 2, 12, 48]);
    assert.throws(
      () => loadConfig({ DIGEST_CATCHUP_HOURS: '24', SLA_HOURS_HIGH: '0', SLA_HOURS_LOW: 'soon' }),
      (e: unknown) =>
        e instanceof ConfigError &&
        ['DIGEST_CATCHUP_HOURS', 'SLA_HOURS_HIGH', 'SLA_HOURS_LOW'].every((k) =>
          e.problems.some((p) => p.startsWith(`${k} `)),
        ),
    );
  });
});
