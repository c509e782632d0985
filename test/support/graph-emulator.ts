import { randomUUID } from 'node:crypto';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRemediationSeed } from '../../src/backends/local/local-remediation-state.js';
import { guidFrom } from '../../src/backends/local/local-seed.js';
import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import { alertRoutes } from './graph-emulator-alerts.js';
import { incidentRoutes } from './graph-emulator-incidents.js';
import { directoryRoutes, type UserState } from './graph-emulator-directory.js';
import { huntingRoutes, type HuntingHost, type HuntingTable } from './graph-emulator-hunting.js';
import {
  filesAndMachinesFrom,
  remediationRoutes,
  type EmuFile,
  type EmuMachine,
  type MachineAction,
} from './graph-emulator-remediation.js';
import {
  EmuError,
  hasDotSegment,
  type EmuRequest,
  type EmuResponse,
  type EmulatedApi,
  type DelayRule,
  type FailureRule,
  type Route,
} from './graph-emulator-types.js';
import type { TestCertificate } from './test-certificate.js';

export type { DelayRule, EmuRequest, FailureRule } from './graph-emulator-types.js';

/** Every application permission the emulator knows: the default grant. */
export const ALL_GRAPH_ROLES = [
  'SecurityAlert.ReadWrite.All',
  'User.Read.All',
  'GroupMember.Read.All',
  'AdministrativeUnit.Read.All',
  'User.EnableDisableAccount.All',
  'User.RevokeSessions.All',
  'Files.ReadWrite.All',
  'ThreatHunting.Read.All',
  'SecurityIncident.Read.All',
  'SecurityIncident.ReadWrite.All',
];
export const ALL_MDE_ROLES = ['Machine.Read.All', 'Machine.Isolate'];

export interface GraphEmulatorOptions {
  certificate: TestCertificate;
  tenantId: string;
  clientId: string;
  /** The client secret the token endpoint accepts. */
  clientSecret?: string;
  /** A federated token (workload identity) the token endpoint accepts as client_assertion. */
  federatedToken?: string;
  /** Alerts and directory (the local seed, usually). */
  tenant: LocalTenant;
  /** Alerts per page, at most (default 100). */
  pageSize?: number;
  directoryPageSize?: number;
  roles?: string[];
  mdeRoles?: string[];
  /** Polls of a sensitivity-label monitor URL before the job completes (default 1). */
  monitorPolls?: number;
  /**
   * The app registration's display name: what Graph records as the author of the comments it writes (default "DLP
   * Triage (app)").
   */
  appDisplayName?: string;
  /** CloudAppEvents rows (column names as keys) runHuntingQuery answers from (default: the tenant's `activity`). */
  activity?: Record<string, unknown>[];
  /** DataSecurityEvents rows runHuntingQuery answers from (default: the tenant's `dataSecurityEvents`). */
  dataSecurityEvents?: Record<string, unknown>[];
}

/**
 * A loopback HTTPS emulator of what DLP Triage uses: the Entra token endpoint (so `@azure/identity`
 * really runs), Microsoft Graph (alerts_v2, users, groups, AUs, OneDrive/SharePoint remediation, the
 * label-job monitor) and, on a second port and token audience, the Defender for Endpoint API. It checks
 * tokens, audiences, permissions and request shapes (400 with a Graph-shaped error otherwise), records
 * every request, and serves injected failures (429 with Retry-After, 503, 403, 404 ...) on demand.
 */
export class GraphEmulator {
  readonly requests: EmuRequest[] = [];
  readonly alerts: Record<string, unknown>[];
  /** The tenant's incidents, in the seed's shape (the incident routes add Graph's defaults when they answer). */
  readonly incidents: Record<string, unknown>[];
  /** The CloudAppEvents rows advanced hunting answers from. */
  readonly activity: Record<string, unknown>[];
  /**
   * Whether advanced hunting has the CloudAppEvents table, and rows in it (see HuntingTable): `recorded` when the
   * seed (or the options) has an activity table, else `empty` — the local backend's "does not record activity".
   */
  huntingTable: HuntingTable;
  /** The DataSecurityEvents rows advanced hunting answers from. */
  readonly dataSecurityEvents: Record<string, unknown>[];
  /**
   * Whether advanced hunting knows DataSecurityEvents: `recorded` when the seed (or the options) has the table, else
   * `absent` (Insider Risk Management does not share with Defender: queries naming it answer 400).
   */
  dataSecurityEventsTable: HuntingTable;
  readonly users = new Map<string, UserState>();
  readonly files: EmuFile[];
  readonly machines: EmuMachine[];
  readonly actions: MachineAction[] = [];
  readonly labels = new Map(['General', 'Confidential', 'Highly Confidential'].map((n) => [n, guidFrom(`label:${n}`)]));
  readonly tooManyGroups = new Set<string>();
  /** Roles granted right now; a call is checked against these (as if consent changed and a new token was issued). */
  roles: Set<string>;
  mdeRoles: Set<string>;
  readonly appDisplayName: string;
  private readonly failures: (FailureRule & { left: number })[] = [];
  private readonly delays: (DelayRule & { left: number })[] = [];
  private readonly tokens = new Map<string, { aud: string }>();
  private readonly routes: Route[];
  private main?: https.Server;
  private mde?: https.Server;

  constructor(private readonly options: GraphEmulatorOptions) {
    this.alerts = structuredClone(options.tenant.alerts) as Record<string, unknown>[];
    this.incidents = this.seededIncidents();
    this.activity = this.seededActivity();
    this.huntingTable = this.seededHuntingTable();
    this.dataSecurityEvents = this.seeded('dataSecurityEvents') ?? [];
    this.dataSecurityEventsTable = this.seeded('dataSecurityEvents') ? 'recorded' : 'absent';
    this.roles = new Set(options.roles ?? ALL_GRAPH_ROLES);
    this.mdeRoles = new Set(options.mdeRoles ?? ALL_MDE_ROLES);
    this.appDisplayName = options.appDisplayName ?? 'DLP Triage (app)';
    ({ files: this.files, machines: this.machines } = filesAndMachinesFrom(
      buildRemediationSeed(options.tenant.alerts),
      this.labels,
    ));
    // Routes read the base URL when they answer: it is known only once the server listens.
    const base = () => this.graphEndpoint;
    const pageSize = options.pageSize ?? 100;
    const directoryPageSize = options.directoryPageSize ?? 100;
    this.routes = [
      ...alertRoutes({
        alerts: this.alerts,
        pageSize,
        appDisplayName: this.appDisplayName,
        incidents: () => this.incidents.map((i) => String(i.id)),
        get graphBase() {
          return base();
        },
      }),
      ...incidentRoutes({
        incidents: this.incidents,
        alerts: this.alerts,
        tenantId: options.tenantId,
        appDisplayName: this.appDisplayName,
        get graphBase() {
          return base();
        },
      }),
      ...huntingRoutes(this.huntingHost()),
      ...directoryRoutes({
        directory: options.tenant.directory,
        users: this.users,
        pageSize: directoryPageSize,
        tooManyGroups: this.tooManyGroups,
        granted: () => this.roles,
        get graphBase() {
          return base();
        },
      }),
      ...remediationRoutes({
        users: this.users,
        files: this.files,
        machines: this.machines,
        actions: this.actions,
        labels: this.labels,
        monitorPolls: options.monitorPolls ?? 1,
        jobs: new Map(),
        userExists: (id) => options.tenant.directory.users.some((u) => u.id === id),
        get graphBase() {
          return base();
        },
      }),
    ];
  }

  async start(): Promise<void> {
    const tls = { key: this.options.certificate.key, cert: this.options.certificate.cert };
    this.main = https.createServer(tls, (req, res) => void this.serve(req, res, 'main'));
    this.mde = https.createServer(tls, (req, res) => void this.serve(req, res, 'mde'));
    await Promise.all(
      [this.main, this.mde].map((s) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))),
    );
  }

  async stop(): Promise<void> {
    for (const s of [this.main, this.mde]) {
      s?.closeAllConnections();
      await new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    }
  }

  get graphEndpoint(): string {
    return `https://127.0.0.1:${(this.main?.address() as AddressInfo).port}`;
  }
  get authorityHost(): string {
    return this.graphEndpoint;
  }
  get mdeEndpoint(): string {
    return `https://127.0.0.1:${(this.mde?.address() as AddressInfo).port}`;
  }

  /** The environment a bot process (or adapter host) needs to use this emulator with a client secret. */
  env(): Record<string, string> {
    return {
      NODE_EXTRA_CA_CERTS: this.options.certificate.certPath,
      ALERT_BACKEND: 'graph',
      AZURE_TENANT_ID: this.options.tenantId,
      AZURE_CLIENT_ID: this.options.clientId,
      ...(this.options.clientSecret ? { AZURE_CLIENT_SECRET: this.options.clientSecret } : {}),
      AZURE_AUTHORITY_HOST: this.authorityHost,
      AZURE_DISABLE_INSTANCE_DISCOVERY: 'true',
      GRAPH_ENDPOINT: this.graphEndpoint,
      MDE_API_ENDPOINT: this.mdeEndpoint,
      GRAPH_APP_DISPLAY_NAME: this.appDisplayName,
      REMEDIATION_SENSITIVITY_LABEL: 'Highly Confidential',
      REMEDIATION_SENSITIVITY_LABEL_ID: this.labels.get('Highly Confidential')!,
      REMEDIATION_RETENTION_LABEL: 'Finance - 7 years',
    };
  }

  /**
   * Back to the seeded state: alerts, accounts, files, machines, grants; no injected failures, no recorded requests.
   */
  reset(): void {
    this.alerts.splice(
      0,
      this.alerts.length,
      ...(structuredClone(this.options.tenant.alerts) as Record<string, unknown>[]),
    );
    this.incidents.splice(0, this.incidents.length, ...this.seededIncidents());
    this.activity.splice(0, this.activity.length, ...this.seededActivity());
    this.huntingTable = this.seededHuntingTable();
    this.dataSecurityEvents.splice(0, this.dataSecurityEvents.length, ...(this.seeded('dataSecurityEvents') ?? []));
    this.dataSecurityEventsTable = this.seeded('dataSecurityEvents') ? 'recorded' : 'absent';
    this.users.clear();
    const { files, machines } = filesAndMachinesFrom(buildRemediationSeed(this.options.tenant.alerts), this.labels);
    this.files.splice(0, this.files.length, ...files);
    this.machines.splice(0, this.machines.length, ...machines);
    this.actions.splice(0, this.actions.length);
    this.tooManyGroups.clear();
    this.roles = new Set(this.options.roles ?? ALL_GRAPH_ROLES);
    this.mdeRoles = new Set(this.options.mdeRoles ?? ALL_MDE_ROLES);
    this.failures.splice(0, this.failures.length);
    this.requests.splice(0, this.requests.length);
  }

  /** The hunting route's view of this emulator (live: tests change the rows and the tables' states). */
  private huntingHost(): HuntingHost {
    const live = () => this;
    return {
      get activity() {
        return live().activity;
      },
      get table() {
        return live().huntingTable;
      },
      get dataSecurityEvents() {
        return live().dataSecurityEvents;
      },
      get dataSecurityEventsTable() {
        return live().dataSecurityEventsTable;
      },
      now: () => Date.now(),
    };
  }

  /** A hunting table's rows from the options, else the seed tenant's; undefined when neither has the table. */
  private seeded(key: 'dataSecurityEvents'): Record<string, unknown>[] | undefined {
    const rows = this.options[key] ?? (this.options.tenant as Record<string, unknown>)[key];
    return Array.isArray(rows) ? (structuredClone(rows) as Record<string, unknown>[]) : undefined;
  }

  private seededActivity(): Record<string, unknown>[] {
    const seeded = (this.options.tenant as { activity?: unknown }).activity;
    return structuredClone(this.options.activity ?? (Array.isArray(seeded) ? seeded : [])) as Record<string, unknown>[];
  }

  private seededHuntingTable(): HuntingTable {
    const seeded = (this.options.tenant as { activity?: unknown }).activity;
    return this.options.activity || Array.isArray(seeded) ? 'recorded' : 'empty';
  }

  /** The seed tenant's incidents, copied (alerts name theirs in `incidentId` too). */
  private seededIncidents(): Record<string, unknown>[] {
    const seeded = (this.options.tenant as { incidents?: unknown }).incidents;
    return Array.isArray(seeded) ? (structuredClone(seeded) as Record<string, unknown>[]) : [];
  }

  /** Serves `rule` instead of the real answer for the next matching request(s). */
  failNext(rule: FailureRule): void {
    this.failures.push({ ...rule, left: rule.times ?? 1 });
  }

  /** Answers matching requests normally, but only after `delayMs` (a slow directory, say). */
  slowDown(rule: DelayRule): void {
    this.delays.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /**
   * Requests refused unserved: a `.`/`..` path segment, or a path no route serves (a collection, its parent, the root).
   */
  stray(): EmuRequest[] {
    return this.requests.filter((r) => r.refused);
  }

  /** Recorded requests to an API, optionally only those whose method and path match. */
  calls(api: EmulatedApi, method?: string, path?: RegExp): EmuRequest[] {
    return this.requests.filter(
      (r) => r.api === api && (!method || r.method === method) && (!path || path.test(r.path)),
    );
  }

  private async serve(req: IncomingMessage, res: ServerResponse, server: 'main' | 'mde'): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://emulator');
    const rawBody = await new Promise<string>((resolve) => {
      let data = '';
      req.on('data', (d) => (data += String(d)));
      req.on('end', () => resolve(data));
    });
    const api: EmulatedApi =
      server === 'mde'
        ? 'mde'
        : url.pathname.startsWith('/v1.0/')
          ? 'graph'
          : url.pathname.startsWith('/monitor/')
            ? 'monitor'
            : 'login';
    const contentType = String(req.headers['content-type'] ?? '');
    let body: unknown;
    try {
      body =
        rawBody === ''
          ? undefined
          : contentType.includes('x-www-form-urlencoded')
            ? Object.fromEntries(new URLSearchParams(rawBody))
            : JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
    const request: EmuRequest = {
      api,
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      rawPath: (req.url ?? '/').split('?')[0]!,
      query: Object.fromEntries(url.searchParams),
      rawQuery: url.search,
      headers: req.headers,
      body,
      rawBody,
      at: Date.now(),
    };
    this.requests.push(request);
    const requestId = randomUUID();
    let answer: EmuResponse;
    try {
      answer = await this.answer(request, requestId);
    } catch (e) {
      const err = e instanceof EmuError ? e : new EmuError(500, 'generalException', String(e));
      answer = { status: err.status, body: this.errorBody(err.code, err.message, requestId, request) };
    }
    request.status = answer.status;
    request.requestId = requestId;
    const headers: Record<string, string> = { 'request-id': requestId, ...(answer.headers ?? {}) };
    if (req.headers['client-request-id']) headers['client-request-id'] = String(req.headers['client-request-id']);
    if (answer.body !== undefined) headers['content-type'] = 'application/json';
    res.writeHead(answer.status, headers);
    res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
  }

  private async answer(req: EmuRequest, requestId: string): Promise<EmuResponse> {
    if (hasDotSegment(req.rawPath)) {
      req.refused = 'dotSegment';
      throw new EmuError(400, 'BadRequest', 'A path segment is "." or "..", which would address another resource.');
    }
    if (req.api === 'login') return this.login(req);
    const rule = this.failures.find(
      (f) =>
        f.left > 0 &&
        (!f.api || f.api === req.api) &&
        (!f.method || f.method === req.method) &&
        f.path.test(req.path) &&
        (!f.requestBody || f.requestBody.test(JSON.stringify(req.body ?? null))),
    );
    if (rule) {
      rule.left--;
      if (rule.delayMs) await new Promise((r) => setTimeout(r, rule.delayMs));
      return {
        status: rule.status,
        headers: rule.headers,
        body: rule.body ?? this.errorBody(codeFor(rule.status), `Injected ${rule.status}.`, requestId, req),
      };
    }
    const slow = this.delays.find(
      (d) =>
        d.left > 0 && (!d.api || d.api === req.api) && (!d.method || d.method === req.method) && d.path.test(req.path),
    );
    if (slow) {
      slow.left--;
      await new Promise((r) => setTimeout(r, slow.delayMs));
    }
    const found = this.routes
      .map((r) => ({ r, m: r.api === req.api && r.method === req.method ? r.pattern.exec(req.path) : null }))
      .find((x) => x.m);
    if (!found) {
      req.refused = 'unknownRoute';
      throw new EmuError(404, 'UnknownRoute', `The emulator has no ${req.method} ${req.path}.`);
    }
    if (req.api !== 'monitor') this.authorize(req, found.r);
    if (
      ['POST', 'PATCH', 'PUT'].includes(req.method) &&
      req.rawBody !== '' &&
      !String(req.headers['content-type'] ?? '').startsWith('application/json')
    ) {
      throw new EmuError(415, 'UnsupportedMediaType', 'Bodies must be application/json.');
    }
    return found.r.handle(req, found.m!);
  }

  /** Bearer token of the right audience, then the route's permission. */
  private authorize(req: EmuRequest, route: Route): void {
    const header = String(req.headers.authorization ?? '');
    const token = this.tokens.get(header.replace(/^Bearer /, ''));
    if (!header.startsWith('Bearer ') || !token)
      throw new EmuError(401, 'InvalidAuthenticationToken', 'Access token is empty or invalid.');
    const audience = req.api === 'mde' ? this.mdeEndpoint : this.graphEndpoint;
    if (token.aud !== audience)
      throw new EmuError(401, 'InvalidAuthenticationToken', `Invalid audience: the token is for ${token.aud}.`);
    const granted = req.api === 'mde' ? this.mdeRoles : this.roles;
    if (route.roles && !route.roles.some((set) => set.every((r) => granted.has(r)))) {
      throw new EmuError(
        403,
        req.api === 'mde' ? 'Forbidden' : 'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
    }
  }

  /** The Entra endpoints @azure/identity (MSAL) calls: OpenID discovery and the client-credentials token. */
  private login(req: EmuRequest): EmuResponse {
    const base = this.authorityHost;
    const tenant = req.path.split('/')[1] ?? '';
    if (tenant !== this.options.tenantId)
      return {
        status: 400,
        body: { error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${tenant}' not found.` },
      };
    if (req.method === 'GET' && req.path.endsWith('/v2.0/.well-known/openid-configuration')) {
      return {
        status: 200,
        body: {
          issuer: `${base}/${tenant}/v2.0`,
          token_endpoint: `${base}/${tenant}/oauth2/v2.0/token`,
          authorization_endpoint: `${base}/${tenant}/oauth2/v2.0/authorize`,
          jwks_uri: `${base}/${tenant}/discovery/v2.0/keys`,
          end_session_endpoint: `${base}/${tenant}/oauth2/v2.0/logout`,
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
        },
      };
    }
    if (req.method !== 'POST' || !req.path.endsWith('/oauth2/v2.0/token'))
      return { status: 404, body: { error: 'not_found' } };
    const form = (req.body ?? {}) as Record<string, string>;
    if (form.grant_type !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (form.client_id !== this.options.clientId)
      return {
        status: 400,
        body: {
          error: 'unauthorized_client',
          error_description: `AADSTS700016: Application '${form.client_id}' was not found.`,
        },
      };
    const bySecret = !!this.options.clientSecret && form.client_secret === this.options.clientSecret;
    const byAssertion =
      !!this.options.federatedToken &&
      form.client_assertion === this.options.federatedToken &&
      form.client_assertion_type === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
    if (!bySecret && !byAssertion)
      return {
        status: 401,
        body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
      };
    const scope = String(form.scope ?? '')
      .split(' ')
      .find((s) => s.endsWith('/.default'));
    const aud = scope?.slice(0, -'/.default'.length);
    if (aud !== this.graphEndpoint && aud !== this.mdeEndpoint)
      return {
        status: 400,
        body: {
          error: 'invalid_scope',
          error_description: `AADSTS500011: The resource ${aud} was not found in the tenant.`,
        },
      };
    const roles = [...(aud === this.mdeEndpoint ? this.mdeRoles : this.roles)];
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud, tid: tenant, appid: form.client_id, roles, iat: Math.floor(Date.now() / 1000) })}.${randomUUID()}`;
    this.tokens.set(token, { aud });
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  }

  private errorBody(code: string, message: string, requestId: string, req: EmuRequest) {
    return {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': String(req.headers['client-request-id'] ?? ''),
        },
      },
    };
  }
}

function codeFor(status: number): string {
  return (
    {
      400: 'BadRequest',
      401: 'InvalidAuthenticationToken',
      403: 'Authorization_RequestDenied',
      404: 'itemNotFound',
      409: 'conflict',
      412: 'preconditionFailed',
      423: 'resourceLocked',
      429: 'TooManyRequests',
      503: 'serviceNotAvailable',
      504: 'gatewayTimeout',
    }[status] ?? 'generalException'
  );
}
