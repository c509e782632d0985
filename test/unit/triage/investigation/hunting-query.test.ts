import { strict as assert } from 'node:assert';
import {
  activityCountQuery,
  activityQuery,
  advancedHuntingUrl,
  DLP_EVENTS_COMMENT,
  dlpEventQuery,
  shownQueries,
} from '../../../../src/triage/investigation/hunting-query.js';
import { isTriageError } from '../../../../src/triage/triage-error.js';

const USER = 'A0000000-0000-4000-8000-000000000002';
const FROM = new Date('2026-11-23T10:00:00Z');
const TO = new Date('2026-11-23T14:00:00Z');

describe('activityQuery: the hunting query from typed parameters only', () => {
  it('is exactly the user, the window and the columns the card needs, in time order, capped', () => {
    const q = activityQuery(USER, FROM, TO);
    assert.equal(q.userId, USER.toLowerCase());
    assert.equal(
      q.kql,
      [
        'CloudAppEvents',
        '| where AccountObjectId == "a0000000-0000-4000-8000-000000000002"',
        '| where Timestamp between (datetime(2026-11-23T10:00:00.000Z) .. datetime(2026-11-23T14:00:00.000Z))',
        '| project Timestamp, ActionType, Application, ObjectName, ObjectType, IPAddress, CountryCode, UncommonForUser',
        '| order by Timestamp asc',
        '| take 500',
      ].join('\n'),
    );
    assert.equal(activityCountQuery(q), [...q.kql.split('\n').slice(0, 3), '| count'].join('\n'));
  });

  it('refuses anything but a GUID and an ordered window: nothing typed can reach the query', () => {
    for (const user of ['" or 1==1 //', 'sam@contoso.example', '', 'a0000000-0000-4000-8000-00000000000']) {
      assert.throws(
        () => activityQuery(user, FROM, TO),
        (e) => isTriageError(e) && e.code === 'invalid',
        user,
      );
    }
    assert.throws(
      () => activityQuery(USER, TO, FROM),
      (e) => isTriageError(e) && e.code === 'invalid',
    );
    assert.throws(
      () => activityQuery(USER, new Date(NaN), TO),
      (e) => isTriageError(e),
    );
  });

  it('opens the query in advanced hunting, URL-encoded', () => {
    const url = advancedHuntingUrl('CloudAppEvents | take 1');
    assert.ok(
      url.startsWith('https://security.microsoft.com/v2/advanced-hunting?query=CloudAppEvents%20%7C%20take%201'),
    );
  });
});

describe('dlpEventQuery: the DataSecurityEvents query, a separate query from the same typed parameters', () => {
  it('is exactly the user, the window, DLP matches only and the columns the card needs, in time order, capped', () => {
    const q = dlpEventQuery(USER, FROM, TO);
    assert.deepEqual([q.userId, q.from, q.to], [USER.toLowerCase(), FROM.toISOString(), TO.toISOString()]);
    assert.equal(
      q.kql,
      [
        'DataSecurityEvents',
        '| where AccountObjectId == "a0000000-0000-4000-8000-000000000002"',
        '| where Timestamp between (datetime(2026-11-23T10:00:00.000Z) .. datetime(2026-11-23T14:00:00.000Z))',
        '| where isnotempty(DlpPolicyMatchInfo)',
        '| project Timestamp, ActionType, Workload, ObjectName, ObjectType, IPAddress, DlpPolicyEnforcementMode',
        '| order by Timestamp asc',
        '| take 500',
      ].join('\n'),
    );
    assert.ok(!/SensitiveInfoType|union|CloudAppEvents/.test(q.kql), 'no info types, no other table');
  });

  it('counts the same rows without project, order and take', () => {
    const q = dlpEventQuery(USER, FROM, TO);
    assert.equal(activityCountQuery(q), [...q.kql.split('\n').slice(0, 4), '| count'].join('\n'));
  });

  it('refuses anything but a GUID and an ordered window, as activityQuery does', () => {
    for (const user of ['" or 1==1 //', 'sam@contoso.example', '', 'a0000000-0000-4000-8000-00000000000\n| take 1']) {
      assert.throws(
        () => dlpEventQuery(user, FROM, TO),
        (e) => isTriageError(e) && e.code === 'invalid',
        user,
      );
    }
    assert.throws(
      () => dlpEventQuery(USER, TO, FROM),
      (e) => isTriageError(e) && e.code === 'invalid',
    );
    assert.throws(
      () => dlpEventQuery(USER, FROM, new Date(NaN)),
      (e) => isTriageError(e) && e.code === 'invalid',
    );
  });

  it('the card and the advanced hunting link show both queries: CloudAppEvents first, a blank line, then the commented DLP query', () => {
    const activity = activityQuery(USER, FROM, TO);
    const dlp = dlpEventQuery(USER, FROM, TO);
    assert.equal(DLP_EVENTS_COMMENT, '// DLP events (DataSecurityEvents, where the tenant records them)');
    assert.equal(shownQueries(activity, dlp), `${activity.kql}\n\n${DLP_EVENTS_COMMENT}\n${dlp.kql}`);
    assert.equal(shownQueries(activity, undefined), activity.kql);
  });
});
