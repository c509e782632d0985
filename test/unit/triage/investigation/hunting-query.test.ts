import { strict as assert } from 'node:assert';
import {
  activityCountQuery,
  activityQuery,
  advancedHuntingUrl,
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
