import { isEntraObjectId, isTimestamp } from '../ids.js';
import { TriageError } from '../triage-error.js';
import { MAX_ACTIVITY_EVENTS, type ActivityQuery } from './activity.js';

/**
 * The hunting query for one user's activity between two times. Built only from a GUID and two
 * timestamps, each checked first (so nothing a user typed can reach the query text), and rendered with
 * KQL's typed literals (`datetime(…)`, a string literal of a GUID).
 */
export function activityQuery(userId: string, from: Date, to: Date): ActivityQuery {
  return userQuery('CloudAppEvents', [], CLOUD_APP_COLUMNS, userId, from, to);
}

/**
 * The hunting query for one user's DLP events between two times: DataSecurityEvents (preview; filled only
 * where Insider Risk Management shares with Defender), a separate query from activityQuery's so that a
 * tenant without the table (or with other columns) never breaks the CloudAppEvents part. Built as
 * activityQuery is, from a checked GUID and two timestamps only.
 *
 * Columns (Microsoft's DataSecurityEvents reference, 2025-03): Timestamp, ActionType, AccountObjectId,
 * Workload, ObjectName, ObjectType, IPAddress, DlpPolicyMatchInfo and DlpPolicyEnforcementMode are
 * documented. Unconfirmed: that rows without a DLP match have DlpPolicyMatchInfo empty (third-party
 * queries filter on it; most rows are Insider Risk detections); the casing `DlpPolicyEnforcementMode` (an
 * older revision wrote `DLPPolicyEnforcementMode`, and KQL names are case-sensitive: a tenant that differs
 * answers 400, which adds nothing); the values of Workload (the docs name none); AccountObjectId in lower
 * case, as for CloudAppEvents. IPAddress can hold several addresses (documented). SensitiveInfoTypeInfo is
 * deliberately not read: the alert already names its info types, and the card needs nothing more of them.
 */
export function dlpEventQuery(userId: string, from: Date, to: Date): ActivityQuery {
  return userQuery('DataSecurityEvents', ['| where isnotempty(DlpPolicyMatchInfo)'], DLP_COLUMNS, userId, from, to);
}

/** The line that introduces the DLP query where both are shown (the card, the advanced hunting link). */
export const DLP_EVENTS_COMMENT = '// DLP events (DataSecurityEvents, where the tenant records them)';

/**
 * Both queries as one text, as the card shows them and the link opens them: the CloudAppEvents query, a
 * blank line, the comment, the DLP query. The portal's editor, like Log Analytics', takes a blank line as
 * the end of a query and runs the one the cursor is in (unconfirmed for the Defender portal).
 */
export function shownQueries(activity: ActivityQuery, dlp: ActivityQuery | undefined): string {
  return dlp ? `${activity.kql}\n\n${DLP_EVENTS_COMMENT}\n${dlp.kql}` : activity.kql;
}

/** How many rows a query would have without `take`: its filters, then `| count` (the total the card shows). */
export function activityCountQuery(query: ActivityQuery): string {
  const lines = query.kql.split('\n');
  const end = lines.findIndex((l) => l.startsWith('| project '));
  return lines
    .slice(0, end < 0 ? lines.length : end)
    .concat('| count')
    .join('\n');
}

/** A link that opens the query in the Defender portal's advanced hunting (the portal reads `query`). */
export function advancedHuntingUrl(kql: string): string {
  return `https://security.microsoft.com/v2/advanced-hunting?query=${encodeURIComponent(kql)}&timeRangeId=month`;
}

const CLOUD_APP_COLUMNS = [
  'Timestamp',
  'ActionType',
  'Application',
  'ObjectName',
  'ObjectType',
  'IPAddress',
  'CountryCode',
  'UncommonForUser',
];
const DLP_COLUMNS = [
  'Timestamp',
  'ActionType',
  'Workload',
  'ObjectName',
  'ObjectType',
  'IPAddress',
  'DlpPolicyEnforcementMode',
];

/** One user's rows of `table` in a window, oldest first, capped; `filters` are constant lines of ours. */
function userQuery(
  table: string,
  filters: readonly string[],
  columns: readonly string[],
  userId: string,
  from: Date,
  to: Date,
): ActivityQuery {
  const valid = (d: Date) => !Number.isNaN(d.getTime()) && isTimestamp(d.toISOString());
  if (!isEntraObjectId(userId) || !valid(from) || !valid(to) || from > to) {
    throw new TriageError('invalid', 'This alert does not name its user and time in a form that can be investigated.');
  }
  const window = { from: from.toISOString(), to: to.toISOString() };
  const kql = [
    table,
    `| where AccountObjectId == "${userId.toLowerCase()}"`,
    `| where Timestamp between (datetime(${window.from}) .. datetime(${window.to}))`,
    ...filters,
    `| project ${columns.join(', ')}`,
    '| order by Timestamp asc',
    `| take ${MAX_ACTIVITY_EVENTS}`,
  ].join('\n');
  return { userId: userId.toLowerCase(), ...window, kql };
}
