import { nextTimestamp } from '../../src/backends/local/next-timestamp.js';
import { compareTimestamps } from '../../src/triage/timestamps.js';
import { bad, notFound, requireBody, type EmuRequest, type Route } from './graph-emulator-types.js';

type Raw = Record<string, unknown>;

/** What the alerts part of the emulator needs from the emulator. */
export interface AlertHost {
  alerts: Raw[];
  pageSize: number;
  graphBase: string;
  /**
   * Who Graph records as the author of a comment the app posts (createdByDisplayName: the app's display name,
   * graph-api.md §1.5).
   */
  appDisplayName: string;
  /** Ids of the incidents the tenant has (besides those its alerts name in `incidentId`). */
  incidents: () => string[];
}

const READ = [['SecurityAlert.Read.All'], ['SecurityAlert.ReadWrite.All']];
/** `/security/incidents/{id}/alerts` is documented with the incident permissions (graph-api.md §1.1, §2). */
const INCIDENT_READ = [['SecurityIncident.Read.All'], ['SecurityIncident.ReadWrite.All']];
const WRITE = [['SecurityAlert.ReadWrite.All']];

const STATUS = ['new', 'inProgress', 'resolved'];
export const CLASSIFICATION = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity'];
/** The SDK's wire values (graph-api.md §1.4), not the doc prose's. */
export const DETERMINATIONS = [
  'unknown',
  'apt',
  'malware',
  'securityPersonnel',
  'securityTesting',
  'unwantedSoftware',
  'other',
  'multiStagedAttack',
  'compromisedAccount',
  'phishing',
  'maliciousUserActivity',
  'notMalicious',
  'notEnoughDataToValidate',
  'confirmedActivity',
  'lineOfBusinessApplication',
  'unknownFutureValue',
];
const SERVICE_SOURCES = [
  'unknown',
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'dataLossPrevention',
  'unknownFutureValue',
  'microsoftDefenderForCloud',
  'microsoftSentinel',
  'microsoftInsiderRiskManagement',
  'microsoftThreatIntelligence',
];
/**
 * Members after `unknownFutureValue`: sent as `unknownFutureValue` unless the request says `Prefer:
 * include-unknown-enum-members`.
 */
const EVOLVED: Record<string, string[]> = {
  serviceSource: SERVICE_SOURCES.slice(SERVICE_SOURCES.indexOf('unknownFutureValue') + 1),
  detectionSource: [
    'microsoftDefenderForCloud',
    'microsoftDefenderForIoT',
    'microsoftDefenderForServers',
    'microsoftSentinel',
    'nrtAlerts',
    'scheduledAlerts',
    'builtInMl',
  ],
};
const ENUMS: Record<string, string[]> = {
  status: STATUS,
  classification: CLASSIFICATION,
  determination: DETERMINATIONS,
  serviceSource: SERVICE_SOURCES,
  severity: ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'],
};
const FILTERABLE_STRINGS = ['assignedTo', 'classification', 'determination', 'severity', 'serviceSource', 'status'];
/** The documented evidence filter (alertsv1-alertsv2 migration guide, graph-api.md §1.2); no other lambda is taken. */
const EVIDENCE_UPN =
  /^evidence\/any\(e: e\/microsoft\.graph\.security\.userEvidence\/userAccount\/userPrincipalName eq '((?:[^']|'')*)'\)$/;
const GRAPH_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

/** `GET/PATCH /security/alerts_v2[/{id}]` and `POST .../comments`, checking the request shapes the docs allow. */
export function alertRoutes(host: AlertHost): Route[] {
  const find = (id: string) =>
    host.alerts.find((a) => a.id === id) ??
    (() => {
      throw notFound(`Alert ${id} was not found.`);
    })();
  const shown = (req: EmuRequest, raw: Raw) => withEnumsFor(req, raw);
  return [
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/security\/alerts_v2$/,
      roles: READ,
      handle(req) {
        const allowed = ['$filter', '$top', '$skip', '$count'];
        const unknown = Object.keys(req.query).filter((k) => !allowed.includes(k));
        if (unknown.length) throw bad(`Query option ${unknown.join(', ')} is not supported on alerts_v2.`);
        const top = req.query.$top === undefined ? host.pageSize : Number(req.query.$top);
        if (!Number.isInteger(top) || top < 1 || top > 100)
          throw bad(`$top must be an integer from 1 to 100, got ${req.query.$top}.`);
        const skip = Number(req.query.$skip ?? 0);
        const matches = req.query.$filter === undefined ? () => true : parseFilter(req.query.$filter);
        const all = host.alerts
          .filter(matches)
          .sort(
            (a, b) =>
              compareTimestamps(String(b.lastUpdateDateTime), String(a.lastUpdateDateTime)) ||
              String(a.id).localeCompare(String(b.id)),
          );
        const size = Math.min(top, host.pageSize);
        const page = all.slice(skip, skip + size);
        const more = skip + size < all.length;
        // As Graph writes them: OData option names unencoded, values percent-encoded.
        const filter = req.query.$filter === undefined ? '' : `$filter=${encodeURIComponent(req.query.$filter)}&`;
        const next = `${host.graphBase}/v1.0/security/alerts_v2?${filter}$top=${top}&$skip=${skip + size}`;
        return {
          status: 200,
          body: {
            '@odata.context': `${host.graphBase}/v1.0/$metadata#security/alerts_v2`,
            value: page.map((a) => shown(req, a)),
            ...(more ? { '@odata.nextLink': next } : {}),
          },
        };
      },
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/security\/incidents\/([^/]+)\/alerts$/,
      roles: INCIDENT_READ,
      handle(req, m) {
        const id = m[1]!;
        const unknown = Object.keys(req.query).filter((k) => !['$top', '$skip'].includes(k));
        if (unknown.length) throw bad(`Query option ${unknown.join(', ')} is not supported here.`);
        if (!host.incidents().includes(id) && !host.alerts.some((a) => String(a.incidentId) === id))
          throw notFound(`Incident ${id} was not found.`);
        const all = host.alerts
          .filter((a) => String(a.incidentId) === id)
          .sort((a, b) => String(a.id).localeCompare(String(b.id)));
        const skip = Number(req.query.$skip ?? 0);
        const page = all.slice(skip, skip + host.pageSize);
        const next = `${host.graphBase}/v1.0/security/incidents/${encodeURIComponent(id)}/alerts?$skip=${skip + host.pageSize}`;
        return {
          status: 200,
          body: {
            '@odata.context': `${host.graphBase}/v1.0/$metadata#security/incidents('${id}')/alerts`,
            value: page.map((a) => shown(req, a)),
            ...(skip + host.pageSize < all.length ? { '@odata.nextLink': next } : {}),
          },
        };
      },
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/security\/alerts_v2\/([^/]+)$/,
      roles: READ,
      handle: (req, m) => ({ status: 200, body: shown(req, find(m[1]!)) }),
    },
    {
      api: 'graph',
      method: 'PATCH',
      pattern: /^\/v1\.0\/security\/alerts_v2\/([^/]+)$/,
      roles: WRITE,
      handle(req, m) {
        const body = requireBody(req.body, ['status', 'classification', 'determination', 'assignedTo'], []);
        if (Object.keys(body).length === 0) throw bad('The request body has no property to update.');
        for (const key of ['status', 'classification', 'determination'] as const) {
          if (body[key] !== undefined && !(key === 'status' ? STATUS : ENUMS[key]!).includes(String(body[key]))) {
            throw bad(`The value '${String(body[key])}' is not valid for ${key}.`);
          }
        }
        if (body.assignedTo !== undefined && body.assignedTo !== null && typeof body.assignedTo !== 'string')
          throw bad('assignedTo must be a string or null.');
        const alert = find(m[1]!);
        Object.assign(alert, body);
        if (body.status !== undefined)
          alert.resolvedDateTime = body.status === 'resolved' ? (alert.resolvedDateTime ?? nowStamp(alert)) : null;
        alert.lastUpdateDateTime = nowStamp(alert);
        return { status: 200, body: shown(req, alert) };
      },
    },
    {
      api: 'graph',
      method: 'POST',
      pattern: /^\/v1\.0\/security\/alerts_v2\/([^/]+)\/comments$/,
      roles: WRITE,
      handle(req, m) {
        const body = requireBody(req.body, ['@odata.type', 'comment']);
        if (body['@odata.type'] !== 'microsoft.graph.security.alertComment')
          throw bad('@odata.type must be microsoft.graph.security.alertComment.');
        if (typeof body.comment !== 'string' || body.comment.trim() === '')
          throw bad('comment must be a non-empty string.');
        const alert = find(m[1]!);
        const now = nowStamp(alert);
        const comments = [
          ...((alert.comments as unknown[] | undefined) ?? []),
          { comment: body.comment, createdByDisplayName: host.appDisplayName, createdDateTime: now },
        ];
        alert.comments = comments;
        alert.lastUpdateDateTime = now;
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

/** Graph's 7-digit UTC timestamp, strictly after the alert's last one. */
function nowStamp(alert: Raw): string {
  return nextTimestamp(String(alert.lastUpdateDateTime), new Date());
}

/** The alert as sent: evolvable enum members beyond `unknownFutureValue` are hidden without the Prefer header. */
export function withEnumsFor(req: EmuRequest, raw: Raw): Raw {
  const copy = structuredClone(raw);
  if (/include-unknown-enum-members/i.test(String(req.headers.prefer ?? ''))) return copy;
  for (const [key, evolved] of Object.entries(EVOLVED))
    if (evolved.includes(String(copy[key]))) copy[key] = 'unknownFutureValue';
  return copy;
}

/**
 * A `$filter` of `and`ed clauses: `p eq '…'`, `(p eq '…' or p eq '…')`, `lastUpdateDateTime ge 2026-…Z`, the
 * documented `evidence/any(e: e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName eq '…')`. Anything
 * else is 400.
 */
export function parseFilter(filter: string): (a: Raw) => boolean {
  const clauses = splitTop(filter.trim(), ' and ').map((c) => {
    const group = /^\((.*)\)$/.exec(c);
    if (group) {
      const alternatives = splitTop(group[1]!, ' or ').map(comparison);
      return (a: Raw) => alternatives.some((f) => f(a));
    }
    return comparison(c);
  });
  return (a) => clauses.every((f) => f(a));
}

function comparison(clause: string): (a: Raw) => boolean {
  const eq = /^(\w+) eq '((?:[^']|'')*)'$/.exec(clause);
  if (eq) {
    const [, prop, literal] = eq as unknown as [string, string, string];
    if (!FILTERABLE_STRINGS.includes(prop)) throw bad(`Property ${prop} is not filterable.`);
    const value = literal.replace(/''/g, "'");
    if (ENUMS[prop] && !ENUMS[prop]!.includes(value))
      throw bad(`The string '${value}' is not a valid enumeration type constant for ${prop}.`);
    return (a) => String(a[prop] ?? '').toLowerCase() === value.toLowerCase();
  }
  const evidence = EVIDENCE_UPN.exec(clause);
  if (evidence) {
    const upn = evidence[1]!.replace(/''/g, "'").toLowerCase();
    return (a) =>
      ((a.evidence as Raw[] | undefined) ?? []).some(
        (e) =>
          e['@odata.type'] === '#microsoft.graph.security.userEvidence' &&
          String((e.userAccount as Raw | undefined)?.userPrincipalName ?? '').toLowerCase() === upn,
      );
  }
  const range = /^(createdDateTime|lastUpdateDateTime) (ge|gt|le|lt) (.+)$/.exec(clause);
  if (range) {
    const [, prop, op, literal] = range as unknown as [string, string, string, string];
    if (!GRAPH_DATETIME.test(literal))
      throw bad(`'${literal}' is not a valid DateTimeOffset literal (unquoted, UTC with Z).`);
    return (a) => {
      const c = compareTimestamps(String(a[prop]), literal);
      return op === 'ge' ? c >= 0 : op === 'gt' ? c > 0 : op === 'le' ? c <= 0 : c < 0;
    };
  }
  throw bad(`Invalid $filter clause: ${clause}`);
}

/** Splits on `sep` outside quotes and parentheses. */
function splitTop(text: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'") quoted = !quoted;
    else if (!quoted && ch === '(') depth++;
    else if (!quoted && ch === ')') depth--;
    else if (!quoted && depth === 0 && text.startsWith(sep, i)) {
      parts.push(text.slice(start, i));
      start = i + sep.length;
      i += sep.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}
