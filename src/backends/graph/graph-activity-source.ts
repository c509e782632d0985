import type { Logger } from '../../logger.js';
import {
  MAX_ACTIVITY_EVENTS,
  type ActivityAnswer,
  type ActivityQuery,
  type ActivitySource,
  type DlpEventAnswer,
} from '../../triage/investigation/activity.js';
import { activityCountQuery, activityQuery, dlpEventQuery } from '../../triage/investigation/hunting-query.js';
import { TriageError } from '../../triage/triage-error.js';
import type { GraphFailure, GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { PERMISSIONS } from './graph-permissions.js';
import { countOf, dlpEventsOfRows, eventsOf, failureAnswer, huntingResultsSchema } from './hunting-results.js';

const HUNT = '/security/runHuntingQuery';
const OP: GraphOperation = {
  doing: "read the user's activity (advanced hunting)",
  permission: PERMISSIONS.huntingRead,
};
/** How long the probe's finding (the tenant records CloudAppEvents, or does not), or a DLP query's 400, is believed. */
const PROBE_TTL_MS = 10 * 60_000;

/**
 * The ActivitySource over Microsoft Graph advanced hunting (`POST /security/runHuntingQuery`, ThreatHunting.Read.All).
 * It runs only the KQL `activityQuery` builds — a query whose text differs from what activityQuery builds for its
 * own user and window is refused before any request — and KQL derived from it line by line (the count, the probe).
 *
 * The body is `{ query, timespan }`: the parameter names of the v1.0 metadata, which the generated SDKs (and so
 * Start-MgSecurityHuntingQuery) send; the docs' examples write `Query`/`Timespan`. The timespan is the query's
 * window, so data older than the 30-day default is still searched where the tenant keeps it; its end is one ms past
 * `to` because the query's `between` is inclusive and whether the timespan's end is, is not documented.
 *
 * "Not recorded" vs "no activity": a 400 that names CloudAppEvents as unknown is not recorded; so is an empty answer
 * when a probe (`CloudAppEvents | take 1`, over advanced hunting's default 30 days) finds no row of anyone: the
 * table is empty unless Microsoft 365 is connected to Defender for Cloud Apps. The probe runs only when the user's
 * answer is empty, and its finding is cached for the process for 10 minutes. A window from before the connector
 * was set up (or past the tenant's retention) therefore reads as "no activity" while the tenant records now.
 *
 * Failures come back as answers (throttled with Retry-After, timeout, failed) so the rest of the card still shows;
 * retries are only the Graph client's bounded ones (a person is waiting). 401/403 throw the TriageError that names
 * the permission. Queries are never logged; the gateway logs failures with Graph's request id.
 *
 * DLP events (`dlpEventsOf`) run only dlpEventQuery's KQL (and its count), a query of their own so that
 * DataSecurityEvents — a preview table, empty or unknown unless Insider Risk Management shares with Defender — never
 * breaks the CloudAppEvents part. Any failure answers no events, logged at info (status and reason, never the query
 * or Kusto's message, which can quote it); a 400 (no such table, or other columns) is believed for 10 minutes, so a
 * tenant without the table does not spend a hunting call on every investigation.
 */
export class GraphActivitySource implements ActivitySource {
  private probe?: { recorded: boolean; until: number };
  /** Until when DataSecurityEvents is taken to be unknown to the tenant (its last DLP query answered 400). */
  private dlpLackingUntil = 0;

  constructor(
    private readonly graph: GraphGateway,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async activityOf(query: ActivityQuery): Promise<ActivityAnswer> {
    mustBeBuiltBy(activityQuery, query);
    const timespan = timespanOf(query);
    try {
      const rows = await this.run(query.kql, timespan);
      const { events, skipped } = eventsOf(rows.slice(0, MAX_ACTIVITY_EVENTS));
      if (skipped > 0) this.log.warn({ hunting: { skipped } }, 'advanced hunting returned rows that are not events');
      if (rows.length === 0 && !(await this.recorded(query))) return { kind: 'notRecorded' };
      const total = rows.length >= MAX_ACTIVITY_EVENTS ? await this.count(query, timespan) : rows.length;
      return { kind: 'events', events, total: Math.max(total, events.length) };
    } catch (e) {
      const answer = failureAnswer(e);
      if (!answer) throw e;
      this.log.info({ hunting: answer }, 'advanced hunting gave no events');
      return answer;
    }
  }

  async dlpEventsOf(query: ActivityQuery): Promise<DlpEventAnswer> {
    mustBeBuiltBy(dlpEventQuery, query);
    if (this.dlpLackingUntil > this.now()) return { events: [], total: 0 };
    const timespan = timespanOf(query);
    try {
      const rows = await this.run(query.kql, timespan);
      const { events, skipped } = dlpEventsOfRows(rows.slice(0, MAX_ACTIVITY_EVENTS));
      if (skipped > 0)
        this.log.warn({ hunting: { skipped } }, 'advanced hunting returned rows that are not DLP events');
      const total = rows.length >= MAX_ACTIVITY_EVENTS ? await this.count(query, timespan) : rows.length;
      return { events, total: Math.max(total, events.length) };
    } catch (e) {
      const status = e instanceof TriageError ? (e.cause as GraphFailure | undefined)?.status : undefined;
      if (status === 400) this.dlpLackingUntil = this.now() + PROBE_TTL_MS;
      const answer = failureAnswer(e);
      const reason = answer?.kind === 'unavailable' ? answer.reason : (answer?.kind ?? 'refused');
      this.log.info(
        { hunting: { table: 'DataSecurityEvents', status, reason } },
        'advanced hunting gave no DLP events',
      );
      return { events: [], total: 0 };
    }
  }

  /** One query; without a timespan advanced hunting searches its default 30 days. */
  private async run(kql: string, timespan?: string): Promise<unknown[]> {
    const body = await this.graph.call(OP, (api) =>
      api(HUNT).post(timespan ? { query: kql, timespan } : { query: kql }),
    );
    return this.graph.parse(OP, huntingResultsSchema, body).results;
  }

  private async count(query: ActivityQuery, timespan: string): Promise<number> {
    const total = countOf(await this.run(activityCountQuery(query), timespan));
    if (total === undefined) {
      this.log.error({ graph: { doing: OP.doing } }, 'advanced hunting answered a count without a number');
      throw new TriageError('unavailable', 'Microsoft Graph answered the count of events in an unexpected shape.');
    }
    return total;
  }

  /** Does the tenant record CloudAppEvents at all: any row of anyone in the last 30 days (cached)? */
  private async recorded(query: ActivityQuery): Promise<boolean> {
    if (this.probe && this.probe.until > this.now()) return this.probe.recorded;
    const table = query.kql.split('\n')[0];
    const recorded = (await this.run(`${table}\n| take 1`)).length > 0;
    this.probe = { recorded, until: this.now() + PROBE_TTL_MS };
    return recorded;
  }
}

/**
 * The query's window as the timespan; its end one ms past `to`, as the query's `between` is inclusive and whether the
 * timespan's end is, is not documented.
 */
function timespanOf(query: ActivityQuery): string {
  return `${query.from}/${new Date(Date.parse(query.to) + 1).toISOString()}`;
}

/** Only the KQL `build` (activityQuery, dlpEventQuery) builds from the query's own user and window is ever sent. */
function mustBeBuiltBy(build: typeof activityQuery, query: ActivityQuery): void {
  let expected: string | undefined;
  try {
    expected = build(query.userId, new Date(query.from), new Date(query.to)).kql;
  } catch {
    expected = undefined;
  }
  if (expected === undefined || expected !== query.kql)
    throw new TriageError('invalid', 'That is not a hunting query DLP Triage built, so it was not run.');
}
