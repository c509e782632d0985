import type { Logger } from '../../logger.js';
import {
  MAX_ACTIVITY_EVENTS,
  type ActivityAnswer,
  type ActivityQuery,
  type ActivitySource,
} from '../../triage/investigation/activity.js';
import { activityCountQuery, activityQuery } from '../../triage/investigation/hunting-query.js';
import { TriageError } from '../../triage/triage-error.js';
import type { GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { PERMISSIONS } from './graph-permissions.js';
import { countOf, eventsOf, failureAnswer, huntingResultsSchema } from './hunting-results.js';

const HUNT = '/security/runHuntingQuery';
const OP: GraphOperation = {
  doing: "read the user's activity (advanced hunting)",
  permission: PERMISSIONS.huntingRead,
};
/** How long "the table has rows in this window" (or has none) is believed. */
const PROBE_TTL_MS = 10 * 60_000;
/** Windows remembered at most: the probe cache must not grow with every alert ever investigated. */
const PROBE_CACHE_SIZE = 256;

/**
 * The ActivitySource over Microsoft Graph advanced hunting (`POST /security/runHuntingQuery`, ThreatHunting.Read.All).
 * It runs only the KQL `activityQuery` builds — a query whose text differs from what activityQuery builds for its
 * own user and window is refused before any request — and KQL derived from it line by line (the count, the probe).
 *
 * The body is `{ query, timespan }`: the parameter names of the v1.0 metadata, which the generated SDKs send (the
 * docs' examples write `Query`/`Timespan`; the service takes both). The timespan is the query's window, so data
 * older than the 30-day default is still searched where the tenant keeps it; its end is one ms past `to` because the
 * query's `between` is inclusive and whether the timespan's end is, is not documented.
 *
 * "Not recorded" vs "no activity": a 400 that names CloudAppEvents as unknown is not recorded; so is an empty answer
 * when a probe (`CloudAppEvents | where Timestamp between (…) | take 1`) finds no row of anyone in the window. The
 * probe runs only when the user's answer is empty, and its outcome is cached per window for 10 minutes.
 *
 * Failures come back as answers (throttled with Retry-After, timeout, failed) so the rest of the card still shows;
 * retries are only the Graph client's bounded ones (a person is waiting). 401/403 throw the TriageError that names
 * the permission. Queries are never logged; the gateway logs failures with Graph's request id.
 */
export class GraphActivitySource implements ActivitySource {
  private readonly probes = new Map<string, { recorded: boolean; until: number }>();

  constructor(
    private readonly graph: GraphGateway,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async activityOf(query: ActivityQuery): Promise<ActivityAnswer> {
    mustBeBuiltByActivityQuery(query);
    const timespan = `${query.from}/${new Date(Date.parse(query.to) + 1).toISOString()}`;
    try {
      const rows = await this.run(query.kql, timespan);
      const { events, skipped } = eventsOf(rows.slice(0, MAX_ACTIVITY_EVENTS));
      if (skipped > 0) this.log.warn({ hunting: { skipped } }, 'advanced hunting returned rows that are not events');
      if (rows.length === 0 && !(await this.recorded(query, timespan))) return { kind: 'notRecorded' };
      const total = rows.length >= MAX_ACTIVITY_EVENTS ? await this.count(query, timespan) : rows.length;
      return { kind: 'events', events, total: Math.max(total, events.length) };
    } catch (e) {
      const answer = failureAnswer(e);
      if (!answer) throw e;
      this.log.info({ hunting: answer }, 'advanced hunting gave no events');
      return answer;
    }
  }

  private async run(kql: string, timespan: string): Promise<unknown[]> {
    const body = await this.graph.call(OP, (api) => api(HUNT).post({ query: kql, timespan }));
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

  /** Does CloudAppEvents hold any row in the query's window (cached per window)? */
  private async recorded(query: ActivityQuery, timespan: string): Promise<boolean> {
    const key = `${query.from}/${query.to}`;
    const cached = this.probes.get(key);
    if (cached && cached.until > this.now()) return cached.recorded;
    const lines = query.kql.split('\n');
    const recorded = (await this.run([lines[0], lines[2], '| take 1'].join('\n'), timespan)).length > 0;
    this.probes.delete(key);
    this.probes.set(key, { recorded, until: this.now() + PROBE_TTL_MS });
    if (this.probes.size > PROBE_CACHE_SIZE) this.probes.delete(this.probes.keys().next().value!);
    return recorded;
  }
}

/** Only the KQL activityQuery builds from the query's own user and window is ever sent. */
function mustBeBuiltByActivityQuery(query: ActivityQuery): void {
  let expected: string | undefined;
  try {
    expected = activityQuery(query.userId, new Date(query.from), new Date(query.to)).kql;
  } catch {
    expected = undefined;
  }
  if (expected === undefined || expected !== query.kql)
    throw new TriageError('invalid', 'That is not an activity query DLP Triage built, so it was not run.');
}
