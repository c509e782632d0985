import { nextTimestamp } from '../../src/backends/local/next-timestamp.js';
import { CLASSIFICATION, DETERMINATIONS, withEnumsFor } from './graph-emulator-alerts.js';
import { bad, notFound, requireBody, type EmuRequest, type Route } from './graph-emulator-types.js';

type Raw = Record<string, unknown>;

/** What the incidents part of the emulator needs from the emulator (live: reset replaces the contents). */
export interface IncidentHost {
  incidents: Raw[];
  alerts: Raw[];
  tenantId: string;
  /** Who Graph records as the author of a comment the app posts (as on alerts). */
  appDisplayName: string;
  graphBase: string;
}

const READ = [['SecurityIncident.Read.All'], ['SecurityIncident.ReadWrite.All']];
const WRITE = [['SecurityIncident.ReadWrite.All']];
/** The PATCH body's properties (graph-api.md §2): anything else is refused, as Graph refuses unknown properties. */
const WRITABLE = ['assignedTo', 'status', 'classification', 'determination', 'customTags'];
/** incidentStatus members a PATCH may set; `awaitingAction` is for Defender Experts only. */
const PATCH_STATUS = ['active', 'inProgress', 'resolved', 'redirected'];
/**
 * Enum values are checked exactly (camelCase, as the resource tables write them): the docs' examples use PascalCase and
 * whether the service takes both is unconfirmed (graph-api.md §2), so the bot must send camelCase.
 */
const ENUMS: Record<string, string[]> = {
  status: PATCH_STATUS,
  classification: [...CLASSIFICATION, 'unknownFutureValue'],
  determination: DETERMINATIONS,
};

/** The incident as Graph sends it: every documented property present (null or empty when unset). */
function graphShape(host: IncidentHost, raw: Raw): Raw {
  return {
    '@odata.type': '#microsoft.graph.security.incident',
    tenantId: host.tenantId,
    description: null,
    summary: null,
    assignedTo: null,
    classification: 'unknown',
    determination: 'unknown',
    customTags: [],
    systemTags: [],
    comments: [],
    redirectIncidentId: null,
    resolvingComment: null,
    lastModifiedBy: null,
    priorityScore: null,
    ...structuredClone(raw),
  };
}

/** `awaitingAction` comes after unknownFutureValue: hidden without the Prefer header (graph-api.md §8). */
function shown(host: IncidentHost, req: EmuRequest, raw: Raw): Raw {
  const incident = graphShape(host, raw);
  if (!/include-unknown-enum-members/i.test(String(req.headers.prefer ?? '')) && incident.status === 'awaitingAction')
    incident.status = 'unknownFutureValue';
  return incident;
}

/** `GET /security/incidents/{id}` (`$expand=alerts`), `PATCH` it, and `POST .../comments`, checking request shapes. */
export function incidentRoutes(host: IncidentHost): Route[] {
  const find = (id: string) =>
    host.incidents.find((i) => i.id === id) ??
    (() => {
      throw notFound(`Incident ${id} was not found.`);
    })();
  const one = /^\/v1\.0\/security\/incidents\/([^/]+)$/;
  return [
    {
      api: 'graph',
      method: 'GET',
      pattern: one,
      roles: READ,
      handle(req, m) {
        const unknown = Object.keys(req.query).filter((k) => k !== '$expand');
        if (unknown.length) throw bad(`Query option ${unknown.join(', ')} is not supported here.`);
        if (req.query.$expand !== undefined && req.query.$expand !== 'alerts')
          throw bad(`Could not find a property named '${req.query.$expand}' to expand.`);
        const incident = shown(host, req, find(m[1]!));
        if (req.query.$expand === 'alerts')
          incident.alerts = host.alerts.filter((a) => String(a.incidentId) === m[1]).map((a) => withEnumsFor(req, a));
        return { status: 200, body: incident };
      },
    },
    {
      api: 'graph',
      method: 'PATCH',
      pattern: one,
      roles: WRITE,
      handle(req, m) {
        const body = requireBody(req.body, WRITABLE, []);
        if (Object.keys(body).length === 0) throw bad('The request body has no property to update.');
        for (const [key, values] of Object.entries(ENUMS)) {
          if (body[key] !== undefined && !values.includes(String(body[key])))
            throw bad(`The value '${String(body[key])}' is not valid for ${key}.`);
        }
        if (body.assignedTo !== undefined && body.assignedTo !== null && typeof body.assignedTo !== 'string')
          throw bad('assignedTo must be a string or null.');
        if (
          body.customTags !== undefined &&
          !(Array.isArray(body.customTags) && body.customTags.every((t) => typeof t === 'string'))
        )
          throw bad('customTags must be a collection of strings.');
        const incident = find(m[1]!);
        Object.assign(incident, structuredClone(body));
        incident.lastUpdateDateTime = nowStamp(incident);
        return { status: 200, body: shown(host, req, incident) };
      },
    },
    {
      api: 'graph',
      method: 'POST',
      pattern: /^\/v1\.0\/security\/incidents\/([^/]+)\/comments$/,
      roles: WRITE,
      handle(req, m) {
        const body = requireBody(req.body, ['@odata.type', 'comment']);
        if (body['@odata.type'] !== 'microsoft.graph.security.alertComment')
          throw bad('@odata.type must be microsoft.graph.security.alertComment.');
        if (typeof body.comment !== 'string' || body.comment.trim() === '')
          throw bad('comment must be a non-empty string.');
        const incident = find(m[1]!);
        const now = nowStamp(incident);
        const comments = [
          ...((incident.comments as unknown[] | undefined) ?? []),
          { comment: body.comment, createdByDisplayName: host.appDisplayName, createdDateTime: now },
        ];
        incident.comments = comments;
        incident.lastUpdateDateTime = now;
        return {
          status: 200,
          body: {
            '@odata.context': `${host.graphBase}/v1.0/$metadata#Collection(microsoft.graph.security.alertComment)`,
            value: comments,
          },
        };
      },
    },
  ];
}

/** Graph's 7-digit UTC timestamp, strictly after the incident's last one. */
function nowStamp(incident: Raw): string {
  return nextTimestamp(String(incident.lastUpdateDateTime), new Date());
}
