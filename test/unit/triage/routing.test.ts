import { strict as assert } from 'node:assert';
import type { Alert } from '../../../src/triage/alert.js';
import { firstMatchingRule, parseRouteConditions, ruleMatches, type RouteRule } from '../../../src/triage/routing.js';
import { TriageError } from '../../../src/triage/triage-error.js';
import { alertWith } from '../../support/alerts.js';

function alert(overrides: Partial<Alert> = {}): Alert {
  return alertWith('dl-1', {
    title: 'DLP policy match',
    severity: 'medium',
    lastUpdatedAt: '2026-03-10T10:00:00.0000000Z',
    policyName: 'PCI DSS - Payment cards',
    subject: { id: 'user-1' },
    ...overrides,
  });
}

const noAus = { subjectAdministrativeUnits: [] };

/** Asserts that parsing throws TriageError('invalid') whose message matches every pattern. */
function assertInvalid(text: string, ...patterns: RegExp[]): void {
  assert.throws(
    () => parseRouteConditions(text),
    (e: unknown) => {
      assert.ok(e instanceof TriageError, `a TriageError for ${JSON.stringify(text)}`);
      assert.equal(e.code, 'invalid');
      for (const p of patterns) assert.match(e.userMessage, p);
      return true;
    },
  );
}

describe('parseRouteConditions', () => {
  it('severity>= and severity= (any case, spaces around the operator)', () => {
    assert.deepEqual(parseRouteConditions('severity>=medium'), { severity: { op: '>=', value: 'medium' } });
    assert.deepEqual(parseRouteConditions('severity=High'), { severity: { op: '=', value: 'high' } });
    assert.deepEqual(parseRouteConditions('SEVERITY >= low'), { severity: { op: '>=', value: 'low' } });
    assert.deepEqual(parseRouteConditions('severity=informational'), { severity: { op: '=', value: 'informational' } });
  });

  it('workload lists, case-insensitive, normalised to the canonical names', () => {
    assert.deepEqual(parseRouteConditions('workload=SharePoint'), { workloads: ['SharePoint'] });
    assert.deepEqual(parseRouteConditions('workload=sharepoint,ONEDRIVE,exchange'), {
      workloads: ['SharePoint', 'OneDrive', 'Exchange'],
    });
    assert.deepEqual(parseRouteConditions('workload="teams,endpoint"'), { workloads: ['Teams', 'Endpoint'] });
    assert.deepEqual(parseRouteConditions('workload=other'), { workloads: ['Other'] });
  });

  it('policy: bare, double-quoted or single-quoted with spaces; trimmed', () => {
    assert.deepEqual(parseRouteConditions('policy=PCI'), { policy: 'PCI' });
    assert.deepEqual(parseRouteConditions('policy="PCI DSS - Payment cards"'), { policy: 'PCI DSS - Payment cards' });
    assert.deepEqual(parseRouteConditions("policy='U.S. Financial Data'"), { policy: 'U.S. Financial Data' });
    assert.deepEqual(parseRouteConditions('policy="  GDPR  "'), { policy: 'GDPR' });
  });

  it('au lists: comma separated, quoted names may contain spaces, empty parts dropped', () => {
    assert.deepEqual(parseRouteConditions('au=EMEA'), { administrativeUnits: ['EMEA'] });
    assert.deepEqual(parseRouteConditions('au=EMEA,APAC,'), { administrativeUnits: ['EMEA', 'APAC'] });
    assert.deepEqual(parseRouteConditions('au="North America, Latin America"'), {
      administrativeUnits: ['North America', 'Latin America'],
    });
  });

  it('several conditions at once', () => {
    assert.deepEqual(
      parseRouteConditions('  severity>=medium workload=SharePoint,OneDrive policy="PCI DSS" au=EMEA  '),
      {
        severity: { op: '>=', value: 'medium' },
        workloads: ['SharePoint', 'OneDrive'],
        policy: 'PCI DSS',
        administrativeUnits: ['EMEA'],
      },
    );
  });

  it('an unknown severity names the value and lists the accepted ones', () => {
    assertInvalid('severity>=critical', /Unknown severity "critical"/, /informational, low, medium, high/);
  });

  it('an unknown workload names the value and lists the accepted ones', () => {
    assertInvalid(
      'workload=SharePoint,Dropbox',
      /Unknown workload "Dropbox"/,
      /SharePoint, OneDrive, Exchange, Teams, Endpoint, Other/,
    );
  });

  it('an unknown condition names the key and lists the accepted keys', () => {
    assertInvalid('owner=sam', /Unknown condition "owner"/, /severity, workload, policy, au, source or tag/);
  });

  it('>= on anything but severity is refused with how to write it', () => {
    assertInvalid('workload>=SharePoint', /Only severity supports >=/, /workload=<value>/);
  });

  it('text that is not a condition is quoted back with an example', () => {
    assertInvalid('severity>=high and more', /Could not read "and more"/, /Example: route add/);
    assertInvalid('high', /Could not read "high"/);
    assertInvalid('au=', /Could not read "au="/);
  });

  it('an empty policy is refused', () => {
    assertInvalid('policy=""', /policy= needs/);
    assertInvalid("policy='   '", /policy= needs/);
  });

  it('empty text is refused with an example', () => {
    assertInvalid('', /at least one condition/, /route add severity>=high/);
    assertInvalid('   ', /at least one condition/);
  });

  it('parses the same way on every call (the shared global regex keeps no state)', () => {
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(parseRouteConditions('severity>=high au=EMEA'), {
        severity: { op: '>=', value: 'high' },
        administrativeUnits: ['EMEA'],
      });
    }
  });
});

describe('ruleMatches / firstMatchingRule', () => {
  const cond = (text: string) => parseRouteConditions(text);

  it('severity>= matches that severity and above; severity= only that one', () => {
    const min = cond('severity>=medium');
    assert.deepEqual(
      (['unknown', 'informational', 'low', 'medium', 'high'] as const).map((s) =>
        ruleMatches(min, alert({ severity: s }), noAus),
      ),
      [false, false, false, true, true],
    );
    const exact = cond('severity=medium');
    assert.deepEqual(
      (['low', 'medium', 'high'] as const).map((s) => ruleMatches(exact, alert({ severity: s }), noAus)),
      [false, true, false],
    );
  });

  it('workload must be one of the list', () => {
    const c = cond('workload=Exchange,Teams');
    assert.equal(ruleMatches(c, alert({ workload: 'Teams' }), noAus), true);
    assert.equal(ruleMatches(c, alert({ workload: 'SharePoint' }), noAus), false);
  });

  it('policy is a case-insensitive substring; an alert without a policy name does not match', () => {
    const c = cond('policy="pci dss"');
    assert.equal(ruleMatches(c, alert({ policyName: 'Contoso PCI DSS - Payment cards' }), noAus), true);
    assert.equal(ruleMatches(c, alert({ policyName: 'GDPR' }), noAus), false);
    assert.equal(ruleMatches(c, alert({ policyName: undefined }), noAus), false);
  });

  it("au matches any of the subject's administrative units, case-insensitively", () => {
    const c = cond('au="emea, north america"');
    assert.equal(ruleMatches(c, alert(), { subjectAdministrativeUnits: ['EMEA'] }), true);
    assert.equal(ruleMatches(c, alert(), { subjectAdministrativeUnits: ['Finance', 'North America'] }), true);
    assert.equal(ruleMatches(c, alert(), { subjectAdministrativeUnits: ['APAC'] }), false);
    assert.equal(ruleMatches(c, alert(), noAus), false);
  });

  it('every condition must hold', () => {
    const c = cond('severity>=high workload=SharePoint policy=PCI au=EMEA');
    const emea = { subjectAdministrativeUnits: ['EMEA'] };
    assert.equal(ruleMatches(c, alert({ severity: 'high' }), emea), true);
    assert.equal(ruleMatches(c, alert({ severity: 'medium' }), emea), false);
    assert.equal(ruleMatches(c, alert({ severity: 'high', workload: 'OneDrive' }), emea), false);
    assert.equal(ruleMatches(c, alert({ severity: 'high', policyName: 'GDPR' }), emea), false);
    assert.equal(ruleMatches(c, alert({ severity: 'high' }), noAus), false);
  });

  it('the first matching rule wins, in list order', () => {
    const rules: RouteRule[] = [
      { conditions: cond('severity=high workload=Exchange'), channelId: 'mail-high', text: '1' },
      { conditions: cond('severity>=medium'), channelId: 'medium-up', text: '2' },
      { conditions: cond('severity>=high'), channelId: 'high', text: '3' },
      { conditions: cond('au=EMEA'), channelId: 'emea', text: '4' },
    ];
    const emea = { subjectAdministrativeUnits: ['EMEA'] };
    assert.equal(
      firstMatchingRule(rules, alert({ severity: 'high', workload: 'Exchange' }), noAus)?.channelId,
      'mail-high',
    );
    assert.equal(
      firstMatchingRule(rules, alert({ severity: 'high' }), emea)?.channelId,
      'medium-up',
      'rule 2 shadows rules 3 and 4',
    );
    assert.equal(firstMatchingRule(rules, alert({ severity: 'low' }), emea)?.channelId, 'emea');
    assert.equal(
      firstMatchingRule(rules, alert({ severity: 'low' }), noAus),
      undefined,
      'no rule: the caller uses the default',
    );
    assert.equal(firstMatchingRule([], alert(), noAus), undefined);
  });
});
