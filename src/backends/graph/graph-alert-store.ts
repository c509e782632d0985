import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { Alert } from '../../triage/alert.js';
import { DLP_SOURCE, isFromSources } from '../../triage/alert-sources.js';
import type { AlertPage, AlertPatch, AlertStore } from '../../triage/ports.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { TriageError } from '../../triage/triage-error.js';
import { mapGraphAlert, type MapOptions } from '../alerts-v2/alerts-v2-mapper.js';
import type { GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { PERMISSIONS } from './graph-permissions.js';

const ALERTS = '/security/alerts_v2';
/** Without it, newer members of evolvable enums arrive as `unknownFutureValue` (graph-api.md §1.2). */
const PREFER = { Prefer: 'include-unknown-enum-members' };
/** The only documented page example uses $top=100; the maximum is undocumented (graph-api.md §1.2). */
const PAGE_SIZE = 100;
const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';

const read = (doing: string): GraphOperation => ({ doing, permission: PERMISSIONS.alertsRead, notFound: NOT_FOUND });
const write = (doing: string): GraphOperation => ({ doing, permission: PERMISSIONS.alertsWrite, notFound: NOT_FOUND });

/**
 * The AlertStore port over the Graph Security API `alerts_v2`, alerts of the configured sources only
 * (ALERT_SOURCES: `$filter` on serviceSource; `get` answers undefined for another source's alert). Pages follow
 * `@odata.nextLink` as given (the cursor is that link); one alert that cannot be read is logged and
 * skipped instead of failing its page; unknown enum members pass through (the mapper makes them
 * `unknown`). A PATCH carries only the four writable fields (§1.4).
 */
export class GraphAlertStore implements AlertStore {
  private readonly pageSize: number;
  private readonly mapping: MapOptions;
  private readonly sources: ReadonlySet<string>;
  /** The `$filter` clause that selects the configured sources. */
  private readonly ofSources: string;

  constructor(
    private readonly graph: GraphGateway,
    private readonly log: Logger,
    /**
     * `appDisplayName`: the app registration's name, as Graph records it on the comments the bot writes;
     * `sources`: ALERT_SOURCES (default DLP only).
     */
    options: { pageSize?: number; appDisplayName?: string; sources?: readonly string[] } = {},
  ) {
    this.pageSize = options.pageSize ?? PAGE_SIZE;
    this.mapping = { appDisplayName: options.appDisplayName };
    this.sources = new Set(options.sources?.length ? options.sources : [DLP_SOURCE]);
    this.ofSources = sourceFilter([...this.sources]);
  }

  async listChangedSince(since: string | undefined, cursor?: string): Promise<AlertPage> {
    const op = read('list alerts');
    const request = cursor
      ? this.graph.nextPage(cursor, PREFER)
      : this.graph
          .api(ALERTS)
          .headers(PREFER)
          .query(
            odataQuery(
              since === undefined
                ? this.ofSources
                : `${this.ofSources} and lastUpdateDateTime ge ${odataDateTime(since)}`,
              this.pageSize,
            ),
          );
    const page = await this.graph.page(op, request);
    const alerts = this.mapAll(page.value).sort((a, b) => compareTimestamps(a.lastUpdatedAt, b.lastUpdatedAt));
    return { alerts, next: page.next };
  }

  async get(id: string): Promise<Alert | undefined> {
    try {
      const raw = await this.graph.call(read('read the alert'), (api) => api(alertPath(id)).headers(PREFER).get());
      const alert = this.mapOne(raw, read('read the alert'));
      // Another product's alert is not this bot's to show (ALERT_SOURCES), whoever asks for it by id.
      return isFromSources(alert, this.sources) ? alert : undefined;
    } catch (e) {
      if (e instanceof TriageError && e.code === 'not-found') return undefined;
      throw e;
    }
  }

  async update(id: string, patch: AlertPatch): Promise<Alert> {
    const body: Record<string, unknown> = {};
    for (const key of ['status', 'classification', 'determination', 'assignedTo'] as const) {
      if (patch[key] !== undefined) body[key] = patch[key];
    }
    const op = write('change the alert');
    if (Object.keys(body).length === 0) return this.mustGet(id, op);
    const answer = await this.graph.call(op, (api) => api(alertPath(id)).headers(PREFER).patch(body));
    // Documented as 200 with the updated alert; a 204 (no body) is read back instead.
    return answer && typeof answer === 'object' && 'id' in answer ? this.mapOne(answer, op) : this.mustGet(id, op);
  }

  async addComment(id: string, text: string): Promise<Alert> {
    const op = write('comment on the alert');
    // The documented body is one alertComment (§1.5); the answer is the whole comment list, so read the alert back.
    await this.graph.call(op, (api) =>
      api(`${alertPath(id)}/comments`)
        .headers(PREFER)
        .post({ '@odata.type': 'microsoft.graph.security.alertComment', comment: text }),
    );
    return this.mustGet(id, op);
  }

  async listAssignedTo(userPrincipalName: string): Promise<Alert[]> {
    const op = read('list the alerts assigned to you');
    const filter = `${this.ofSources} and assignedTo eq '${userPrincipalName.replace(/'/g, "''")}' and (status eq 'new' or status eq 'inProgress')`;
    const raws = await this.graph.all(
      op,
      this.graph.api(ALERTS).headers(PREFER).query(odataQuery(filter, this.pageSize)),
      PREFER,
    );
    return this.mapAll(raws).sort((a, b) => compareTimestamps(b.lastUpdatedAt, a.lastUpdatedAt));
  }

  private async mustGet(id: string, op: GraphOperation): Promise<Alert> {
    const raw = await this.graph.call(op, (api) => api(alertPath(id)).headers(PREFER).get());
    return this.mapOne(raw, op);
  }

  private mapOne(raw: unknown, op: GraphOperation): Alert {
    try {
      return mapGraphAlert(raw, this.mapping);
    } catch (e) {
      const issue = e instanceof z.ZodError ? e.issues[0] : undefined;
      this.log.error(
        { graph: { doing: op.doing, path: issue?.path.join('.'), issue: issue?.message } },
        'graph alert could not be read',
      );
      throw new TriageError(
        'unavailable',
        "Microsoft Graph returned this alert in a shape DLP Triage cannot read. Tell your admin (see the bot's log).",
      );
    }
  }

  /**
   * Maps a page; an alert that is not an alert at all is skipped with a logged reason, the rest of the page is kept.
   */
  private mapAll(raws: unknown[]): Alert[] {
    const alerts: Alert[] = [];
    for (const raw of raws) {
      try {
        alerts.push(mapGraphAlert(raw, this.mapping));
      } catch (e) {
        const issue = e instanceof z.ZodError ? e.issues[0] : undefined;
        const id = (raw as { id?: unknown } | null)?.id;
        this.log.error(
          {
            alertId: typeof id === 'string' ? id : undefined,
            graph: { path: issue?.path.join('.'), issue: issue?.message ?? String(e) },
          },
          'skipped an alert Graph returned in an unreadable shape',
        );
      }
    }
    return alerts;
  }
}

const alertPath = (id: string) => graphPath`/security/alerts_v2/${id}`;

/**
 * `serviceSource eq 'a'`, or `(serviceSource eq 'a' or serviceSource eq 'b')`: `or` rather than `in`, which
 * alerts_v2 does not document. The values are Graph's enum members (validated config), never user text.
 */
export function sourceFilter(sources: readonly string[]): string {
  const clauses = sources.map((s) => `serviceSource eq '${s.replace(/'/g, "''")}'`);
  return clauses.length === 1 ? clauses[0]! : `(${clauses.join(' or ')})`;
}

/**
 * `$filter` and `$top`, percent-encoded here: the Graph client sends query values as given, so a `+` or
 * `#` (guest UPNs) would otherwise break the URL (graph-api.md §7.x).
 */
export function odataQuery(filter: string, top: number): string {
  return `$filter=${encodeURIComponent(filter)}&$top=${top}`;
}

/**
 * A DateTimeOffset literal for `$filter`: unquoted, UTC with `Z`. Graph's own 7-digit form passes as it
 * is; anything else is normalised (to the millisecond, rounded down, which keeps `ge` inclusive).
 */
export function odataDateTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new TriageError('invalid', `"${value}" is not a date and time.`);
  return new Date(ms).toISOString();
}
