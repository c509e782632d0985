import { isEntraObjectId, isTimestamp } from '../ids.js';
import { TriageError } from '../triage-error.js';
import { MAX_ACTIVITY_EVENTS, type ActivityQuery } from './activity.js';

/**
 * The hunting query for one user's activity between two times. Built only from a GUID and two
 * timestamps, each checked first (so nothing a user typed can reach the query text), and rendered with
 * KQL's typed literals (`datetime(…)`, a string literal of a GUID).
 */
export function activityQuery(userId: string, from: Date, to: Date): ActivityQuery {
  const valid = (d: Date) => !Number.isNaN(d.getTime()) && isTimestamp(d.toISOString());
  if (!isEntraObjectId(userId) || !valid(from) || !valid(to) || from > to) {
    throw new TriageError('invalid', 'This alert does not name its user and time in a form that can be investigated.');
  }
  const window = { from: from.toISOString(), to: to.toISOString() };
  const kql = [
    'CloudAppEvents',
    `| where AccountObjectId == "${userId.toLowerCase()}"`,
    `| where Timestamp between (datetime(${window.from}) .. datetime(${window.to}))`,
    '| project Timestamp, ActionType, Application, ObjectName, ObjectType, IPAddress, CountryCode, UncommonForUser',
    '| order by Timestamp asc',
    `| take ${MAX_ACTIVITY_EVENTS}`,
  ].join('\n');
  return { userId: userId.toLowerCase(), ...window, kql };
}

/** How many rows the query would have without `take`: the count the card shows beside the events. */
export function activityCountQuery(query: ActivityQuery): string {
  return query.kql.split('\n').slice(0, 3).concat('| count').join('\n');
}

/** A link that opens the query in the Defender portal's advanced hunting (the portal reads `query`). */
export function advancedHuntingUrl(kql: string): string {
  return `https://security.microsoft.com/v2/advanced-hunting?query=${encodeURIComponent(kql)}&timeRangeId=month`;
}
