import { strict as assert } from 'node:assert';
import type { Alert } from '../../../src/triage/alert.js';
import { parseRouteConditions, ruleMatches } from '../../../src/triage/routing.js';
import { TriageError } from '../../../src/triage/triage-error.js';
import { alertWith } from '../../support/alerts.js';

const alert = (): Alert => alertWith('dl-1', { title: 'DLP policy match', policyName: 'PCI DSS' });
const noAus = { subjectAdministrativeUnits: [] };

/** Asserts that parsing throws TriageError('invalid') whose message matches the pattern. */
function assertInvalid(text: string, pattern: RegExp): void {
  assert.throws(
    () => parseRouteConditions(text),
    (e: unknown) => e instanceof TriageError && e.code === 'invalid' && pattern.test(e.userMessage),
  );
}

describe('route condition tag= (incident custom tags)', () => {
  it('parses tag=VIP and tag=VIP,Finance; an empty or over-long tag is refused', () => {
    assert.deepEqual(parseRouteConditions('tag=VIP'), { tags: ['VIP'] });
    assert.deepEqual(parseRouteConditions('severity>=high tag="VIP, Finance"'), {
      severity: { op: '>=', value: 'high' },
      tags: ['VIP', 'Finance'],
    });
    assertInvalid('tag=,', /tag= needs/);
    assertInvalid(`tag=${'x'.repeat(51)}`, /at most 50/);
    assertInvalid('colour=red', /Unknown condition "colour"\. Use .*\btag\b/);
  });

  it('matches when the incident carries any of the tags, case-insensitively; no tags, no match', () => {
    const c = parseRouteConditions('tag=vip,Finance');
    assert.equal(ruleMatches(c, alert(), { subjectAdministrativeUnits: [], incidentTags: ['VIP'] }), true);
    assert.equal(ruleMatches(c, alert(), { subjectAdministrativeUnits: [], incidentTags: ['finance', 'x'] }), true);
    assert.equal(ruleMatches(c, alert(), { subjectAdministrativeUnits: [], incidentTags: ['Other'] }), false);
    assert.equal(ruleMatches(c, alert(), noAus), false);
  });
});
