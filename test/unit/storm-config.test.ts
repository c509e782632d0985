import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    return e.problems;
  }
  assert.fail('the configuration was accepted');
}

describe('storm control configuration', () => {
  it('defaults to more than 5 alerts within 10 minutes', () => {
    const c = loadConfig({});
    assert.equal(c.STORM_THRESHOLD, 5);
    assert.equal(c.STORM_WINDOW_MINUTES, 10);
  });

  it('takes values within bounds', () => {
    const c = loadConfig({ STORM_THRESHOLD: '20', STORM_WINDOW_MINUTES: '60' });
    assert.equal(c.STORM_THRESHOLD, 20);
    assert.equal(c.STORM_WINDOW_MINUTES, 60);
  });

  for (const [key, value] of [
    ['STORM_THRESHOLD', '0'],
    ['STORM_THRESHOLD', 'many'],
    ['STORM_THRESHOLD', '2.5'],
    ['STORM_WINDOW_MINUTES', '0'],
    ['STORM_WINDOW_MINUTES', '100000'],
  ] as const) {
    it(`refuses ${key}=${value}, naming the key and the value`, () => {
      const problems = problemsOf({ [key]: value });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0]!, new RegExp(`^${key} .*\\(got "${value.replace('.', '\\.')}"\\)$`));
    });
  }
});
