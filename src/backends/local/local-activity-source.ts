import { isEntraObjectId, isTimestamp } from '../../triage/ids.js';
import {
  MAX_ACTIVITY_EVENTS,
  type ActivityAnswer,
  type ActivityEvent,
  type ActivityQuery,
  type ActivitySource,
} from '../../triage/investigation/activity.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { TriageError } from '../../triage/triage-error.js';
import type { LocalActivityRow } from './local-tenant-schema.js';

/**
 * ActivitySource over the tenant file's activity table (CloudAppEvents rows): what the hunting query
 * would return, from the query's user and window only (its KQL is for Defender). A file without the table
 * does not record activity (`notRecorded`); one that cannot be read now is `unavailable`.
 */
export class LocalActivitySource implements ActivitySource {
  constructor(private readonly rows: () => Promise<readonly LocalActivityRow[] | undefined>) {}

  async activityOf(query: ActivityQuery): Promise<ActivityAnswer> {
    if (!isEntraObjectId(query.userId) || !isTimestamp(query.from) || !isTimestamp(query.to)) {
      throw new TriageError('invalid', 'This activity query does not name a user and a time window.');
    }
    let rows: readonly LocalActivityRow[] | undefined;
    try {
      rows = await this.rows();
    } catch {
      return { kind: 'unavailable', reason: 'failed' };
    }
    if (!rows) return { kind: 'notRecorded' };
    const user = query.userId.toLowerCase();
    const matching = rows
      .filter(
        (r) =>
          r.AccountObjectId.toLowerCase() === user &&
          compareTimestamps(r.Timestamp, query.from) >= 0 &&
          compareTimestamps(r.Timestamp, query.to) <= 0,
      )
      .sort((a, b) => compareTimestamps(a.Timestamp, b.Timestamp));
    return { kind: 'events', events: matching.slice(0, MAX_ACTIVITY_EVENTS).map(eventOf), total: matching.length };
  }
}

function eventOf(r: LocalActivityRow): ActivityEvent {
  return {
    at: r.Timestamp,
    actionType: r.ActionType,
    application: r.Application ?? undefined,
    objectName: r.ObjectName ?? undefined,
    objectType: r.ObjectType ?? undefined,
    ipAddress: r.IPAddress ?? undefined,
    countryCode: r.CountryCode ?? undefined,
    uncommonForUser: r.UncommonForUser.length > 0,
  };
}
