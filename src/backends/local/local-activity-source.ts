import { isEntraObjectId, isTimestamp } from '../../triage/ids.js';
import {
  MAX_ACTIVITY_EVENTS,
  type ActivityAnswer,
  type ActivityEvent,
  type ActivityQuery,
  type ActivitySource,
  type DlpEventAnswer,
} from '../../triage/investigation/activity.js';
import { dlpEnforcementOf } from '../../triage/investigation/dlp-events.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { TriageError } from '../../triage/triage-error.js';
import type { LocalActivityRow, LocalDataSecurityEventRow } from './local-tenant-schema.js';

type Rows<R> = () => Promise<readonly R[] | undefined>;

/**
 * ActivitySource over the tenant file's activity tables: the CloudAppEvents rows and the DataSecurityEvents rows,
 * answered as the hunting queries would, from the query's user and window only (its KQL is for Defender). A file
 * without the activity table does not record activity (`notRecorded`); one that cannot be read now is `unavailable`.
 * A file without DataSecurityEvents, or one that cannot be read now, has no DLP events.
 */
export class LocalActivitySource implements ActivitySource {
  constructor(
    private readonly rows: Rows<LocalActivityRow>,
    private readonly dlpRows: Rows<LocalDataSecurityEventRow> = async () => undefined,
  ) {}

  async activityOf(query: ActivityQuery): Promise<ActivityAnswer> {
    mustNameUserAndWindow(query);
    let rows: readonly LocalActivityRow[] | undefined;
    try {
      rows = await this.rows();
    } catch {
      return { kind: 'unavailable', reason: 'failed' };
    }
    if (!rows) return { kind: 'notRecorded' };
    const matching = inWindow(rows, query);
    return { kind: 'events', events: matching.slice(0, MAX_ACTIVITY_EVENTS).map(eventOf), total: matching.length };
  }

  /** The rows with a DLP policy match, as `where isnotempty(DlpPolicyMatchInfo)` keeps them. */
  async dlpEventsOf(query: ActivityQuery): Promise<DlpEventAnswer> {
    mustNameUserAndWindow(query);
    let rows: readonly LocalDataSecurityEventRow[] | undefined;
    try {
      rows = await this.dlpRows();
    } catch {
      return { events: [], total: 0 };
    }
    const matching = inWindow(rows ?? [], query).filter((r) => !!r.DlpPolicyMatchInfo);
    return { events: matching.slice(0, MAX_ACTIVITY_EVENTS).map(dlpEventOf), total: matching.length };
  }
}

/** A query that does not name a user and a window is refused, not answered. */
function mustNameUserAndWindow(query: ActivityQuery): void {
  if (!isEntraObjectId(query.userId) || !isTimestamp(query.from) || !isTimestamp(query.to)) {
    throw new TriageError('invalid', 'This activity query does not name a user and a time window.');
  }
}

/** The user's rows in the window (both ends inclusive), oldest first. */
function inWindow<R extends { AccountObjectId: string; Timestamp: string }>(rows: readonly R[], q: ActivityQuery): R[] {
  const user = q.userId.toLowerCase();
  return rows
    .filter(
      (r) =>
        r.AccountObjectId.toLowerCase() === user &&
        compareTimestamps(r.Timestamp, q.from) >= 0 &&
        compareTimestamps(r.Timestamp, q.to) <= 0,
    )
    .sort((a, b) => compareTimestamps(a.Timestamp, b.Timestamp));
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

/** A DataSecurityEvents row as an event: the workload stands for the application; no country, nothing "uncommon". */
function dlpEventOf(r: LocalDataSecurityEventRow): ActivityEvent {
  return {
    at: r.Timestamp,
    actionType: r.ActionType,
    application: r.Workload ?? undefined,
    objectName: r.ObjectName ?? undefined,
    objectType: r.ObjectType ?? undefined,
    ipAddress: r.IPAddress ?? undefined,
    uncommonForUser: false,
    dlpEnforcement: dlpEnforcementOf(r.DlpPolicyEnforcementMode),
  };
}
