import { strict as assert } from 'node:assert';
import { loadConfig } from '../../src/config.js';
import { configProblems } from '../support/config-problems.js';

describe('ALERT_SOURCES', () => {
  it('defaults to DLP alerts only', () => {
    assert.deepEqual(loadConfig({}).ALERT_SOURCES, ['dataLossPrevention']);
    assert.deepEqual(loadConfig({ ALERT_SOURCES: '  ' }).ALERT_SOURCES, ['dataLossPrevention']);
  });

  it("takes a comma list of Graph's serviceSource values, in Graph's spelling, without repeats", () => {
    const c = loadConfig({
      ALERT_SOURCES: ' dataLossPrevention , MICROSOFTDEFENDERFORCLOUD,microsoftSentinel,,dataLossPrevention',
    });
    assert.deepEqual(c.ALERT_SOURCES, ['dataLossPrevention', 'microsoftDefenderForCloud', 'microsoftSentinel']);
  });

  it('names the value that is not a serviceSource, and lists the accepted ones', () => {
    const problems = configProblems({ ALERT_SOURCES: 'dataLossPrevention,defenderForCloud' });
    assert.equal(problems.length, 1);
    assert.match(
      problems[0]!,
      /^ALERT_SOURCES names no alerts_v2 serviceSource: "defenderForCloud"; use a comma list of: /,
    );
    assert.match(problems[0]!, /microsoftDefenderForCloud/);
  });

  it('refuses the enum members that name no product', () => {
    for (const value of ['unknown', 'unknownFutureValue', ',']) {
      assert.match(configProblems({ ALERT_SOURCES: value })[0]!, /^ALERT_SOURCES /, value);
    }
  });
});
