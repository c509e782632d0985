import { strict as assert } from 'node:assert';
import { parseRouteConditions, ruleMatches } from '../../../src/triage/routing.js';
import { TriageError } from '../../../src/triage/triage-error.js';
import { alertWith } from '../../support/alerts.js';

const noAus = { subjectAdministrativeUnits: [] };
const from = (source: string | undefined) => alertWith('a-1', { source });

function invalidMessage(text: string): string {
  try {
    parseRouteConditions(text);
  } catch (e) {
    assert.ok(e instanceof TriageError && e.code === 'invalid');
    return e.userMessage;
  }
  return assert.fail(`${text} was accepted`);
}

describe('route option source=', () => {
  it("parses a comma list of Graph's serviceSource values, any case, into Graph's spelling", () => {
    assert.deepEqual(parseRouteConditions('source=microsoftdefenderforcloud,microsoftSentinel'), {
      sources: ['microsoftDefenderForCloud', 'microsoftSentinel'],
    });
    assert.deepEqual(parseRouteConditions('severity>=high source=dataLossPrevention'), {
      severity: { op: '>=', value: 'high' },
      sources: ['dataLossPrevention'],
    });
  });

  it('an unknown source names the value and lists the accepted ones', () => {
    const message = invalidMessage('source=dataLossPrevention,defenderForCloud');
    assert.match(message, /Unknown source "defenderForCloud"/);
    assert.match(message, /dataLossPrevention, .*microsoftDefenderForCloud/);
    assert.match(invalidMessage('source=unknownFutureValue'), /Unknown source "unknownFutureValue"/);
  });

  it('the list of conditions says source is one', () => {
    assert.match(invalidMessage('owner=sam'), /\bsource\b/);
  });

  it('matches an alert of one of the sources, never one of another or without a source', () => {
    const c = parseRouteConditions('source=microsoftDefenderForCloud,microsoftSentinel');
    assert.equal(ruleMatches(c, from('microsoftDefenderForCloud'), noAus), true);
    assert.equal(ruleMatches(c, from('microsoftSentinel'), noAus), true);
    assert.equal(ruleMatches(c, from('dataLossPrevention'), noAus), false);
    assert.equal(ruleMatches(c, from(undefined), noAus), false);
  });
});
