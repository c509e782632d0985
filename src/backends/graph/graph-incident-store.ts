import type { Logger } from '../../logger.js';
import type { Alert } from '../../triage/alert.js';
import type { Incident, IncidentPatch, IncidentStore } from '../../triage/incidents/incident.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { TriageError } from '../../triage/triage-error.js';
import type { MapOptions } from '../alerts-v2/alerts-v2-mapper.js';
import { readableAlerts } from './readable-alerts.js';
import { mapParsedIncident } from '../security-incidents/incident-mapper.js';
import { graphIncidentSchema } from '../security-incidents/incident-schema.js';
import type { GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { PERMISSIONS } from './graph-permissions.js';

/** Without it, `awaitingAction` and the late serviceSource members arrive as `unknownFutureValue` (graph-api.md §8). */
const PREFER = { Prefer: 'include-unknown-enum-members' };
const NOT_FOUND = 'This incident does not exist (any more), or you cannot see it.';
/** The properties a PATCH may carry (graph-api.md §2); nothing else is ever sent. */
const WRITABLE = ['assignedTo', 'status', 'classification', 'determination', 'customTags'] as const;

const read = (doing: string): GraphOperation => ({ doing, permission: PERMISSIONS.incidentsRead, notFound: NOT_FOUND });
const write = (doing: string): GraphOperation => ({
  doing,
  permission: PERMISSIONS.incidentsWrite,
  notFound: NOT_FOUND,
});

/**
 * The IncidentStore port over Graph's `security/incidents` (SecurityIncident.Read.All to read,
 * SecurityIncident.ReadWrite.All to change). Answers are checked with zod at the edge; an incident's alerts
 * follow `@odata.nextLink` to the end (one alert that cannot be read is logged and left out); a PATCH carries
 * only the five writable properties, in Graph's camelCase enum values.
 */
export class GraphIncidentStore implements IncidentStore {
  private readonly mapping: MapOptions;

  constructor(
    private readonly graph: GraphGateway,
    private readonly log: Logger,
    /** `appDisplayName`: the app registration's name, as Graph records it on the comments the bot writes. */
    options: { appDisplayName?: string } = {},
  ) {
    this.mapping = { appDisplayName: options.appDisplayName };
  }

  async get(id: string): Promise<Incident | undefined> {
    try {
      return await this.mustGet(id, read('read the incident'));
    } catch (e) {
      if (e instanceof TriageError && e.code === 'not-found') return undefined;
      throw e;
    }
  }

  async alertsOf(id: string): Promise<Alert[]> {
    const op = read('list the alerts of the incident');
    let raws: unknown[];
    try {
      const first = this.graph.api(graphPath`/security/incidents/${id}/alerts`).headers(PREFER);
      raws = await this.graph.all(op, first, PREFER);
    } catch (e) {
      if (e instanceof TriageError && e.code === 'not-found') return [];
      throw e;
    }
    return readableAlerts(raws, this.mapping, this.log, 'skipped an unreadable alert of an incident').sort(
      (a, b) => compareTimestamps(b.createdAt, a.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
  }

  async update(id: string, patch: IncidentPatch): Promise<Incident> {
    const body: Record<string, unknown> = {};
    for (const key of WRITABLE) {
      if (patch[key] !== undefined) body[key] = key === 'customTags' ? [...patch.customTags!] : patch[key];
    }
    const op = write('change the incident');
    if (Object.keys(body).length === 0) return this.mustGet(id, op);
    const answer = await this.graph.call(op, (api) => api(incidentPath(id)).headers(PREFER).patch(body));
    // Documented as 200 with the updated incident; a 204 (no body) is read back instead.
    return answer && typeof answer === 'object' && 'id' in answer ? this.toIncident(op, answer) : this.mustGet(id, op);
  }

  async addComment(id: string, text: string): Promise<Incident> {
    const op = write('comment on the incident');
    // The answer is the comment list, not the incident: read it back for its new version.
    await this.graph.call(op, (api) =>
      api(`${incidentPath(id)}/comments`)
        .headers(PREFER)
        .post({ '@odata.type': 'microsoft.graph.security.alertComment', comment: text }),
    );
    return this.mustGet(id, op);
  }

  private async mustGet(id: string, op: GraphOperation): Promise<Incident> {
    const raw = await this.graph.call(op, (api) => api(incidentPath(id)).headers(PREFER).get());
    return this.toIncident(op, raw);
  }

  private toIncident(op: GraphOperation, raw: unknown): Incident {
    return mapParsedIncident(this.graph.parse(op, graphIncidentSchema, raw), this.mapping);
  }
}

const incidentPath = (id: string) => graphPath`/security/incidents/${id}`;
