/**
 * Loopback fake of the Bot Connector REST API (the part a Teams bot uses as its `serviceUrl`).
 *
 * Uses only `node:http`, listens on 127.0.0.1 with an ephemeral port. Point botbuilder's CloudAdapter at the
 * URL returned by `start()` (as the `serviceUrl` of a conversation reference or of createConversationAsync).
 *
 * Routes (matched from the `/v3/` part of the path, so a serviceUrl with a prefix such as `/teams/` works):
 *   POST /v3/conversations                                    channel thread (channelData.channel.id) or 1:1 chat
 *   POST /v3/conversations/:conversationId/activities         new message
 *   POST /v3/conversations/:conversationId/activities/:replyToId   new message (reply)
 *   PUT  /v3/conversations/:conversationId/activities/:activityId  update (404 for unknown activity id)
 *   GET  /v3/conversations/:conversationId/pagedmembers       `{ members, continuationToken? }`
 *   GET  /v3/conversations/:conversationId/members            `members[]`
 *   anything else                                             404 `{ error: { code: 'NotFound', message } }`
 *
 * Request validation answers 400 `{ error: { code: 'BadArgument', message } }` (see `validate*` below).
 * Error codes other than BadArgument are this fake's own choice, not copied from the real service.
 * No rate limiting is emulated; use `failWhen` to inject 429/503/... answers, and `stallWhen` to hold
 * requests unanswered (a slow Teams) until `releaseStalls`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sleep } from './sleep.js';

export interface RecordedCall {
  method: string;
  /** Raw request path as received (percent-encoded, including any query string and serviceUrl prefix). */
  path: string;
  /** Decoded conversation id: from the path, or for POST /v3/conversations the created conversation id. */
  conversationId?: string;
  /** Id of the activity created (POST) or updated (PUT) by this call. */
  activityId?: string;
  /** For POST .../activities/:replyToId: the decoded replyToId from the path. */
  replyToId?: string;
  /** Parsed JSON body (or the raw text when it was not JSON, undefined when empty). */
  body: any;
  headers: Record<string, string | string[] | undefined>;
  /** Date.now() when the request arrived. */
  at: number;
  /** HTTP status answered (0 while the request is still being processed). */
  status: number;
}

export interface FakeTeamsMember {
  id: string;
  aadObjectId?: string;
  name?: string;
  givenName?: string;
  surname?: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
  userRole?: string;
  [key: string]: unknown;
}

export interface FailureAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type FailureRule = (call: {
  index: number;
  method: string;
  path: string;
  body: any;
}) => FailureAnswer | undefined;

export interface FakeTeamsConnectorOptions {
  /** Path prefix for the returned serviceUrl, e.g. 'teams' -> http://127.0.0.1:PORT/teams/ */
  pathPrefix?: string;
  /** Initial member list (default: three users). */
  members?: FakeTeamsMember[];
  /** Artificial delay per request in ms. */
  latency?: number;
}

interface StoredActivity {
  conversationId: string;
  body: any;
}

export const DEFAULT_TENANT_ID = '72f988bf-0000-4000-8000-000000000001';

export function defaultMembers(): FakeTeamsMember[] {
  return [
    {
      id: '29:1-alex-wilber',
      aadObjectId: '00000000-0000-4000-8000-00000000a001',
      name: 'Alex Wilber',
      givenName: 'Alex',
      surname: 'Wilber',
      email: 'alexw@contoso.example',
      userPrincipalName: 'alexw@contoso.example',
      tenantId: DEFAULT_TENANT_ID,
      userRole: 'user',
    },
    {
      id: '29:1-megan-bowen',
      aadObjectId: '00000000-0000-4000-8000-00000000a002',
      name: 'Megan Bowen',
      givenName: 'Megan',
      surname: 'Bowen',
      email: 'meganb@contoso.example',
      userPrincipalName: 'meganb@contoso.example',
      tenantId: DEFAULT_TENANT_ID,
      userRole: 'user',
    },
    {
      id: '29:1-lee-gu',
      aadObjectId: '00000000-0000-4000-8000-00000000a003',
      name: 'Lee Gu',
      givenName: 'Lee',
      surname: 'Gu',
      email: 'leeg@contoso.example',
      userPrincipalName: 'leeg@contoso.example',
      tenantId: DEFAULT_TENANT_ID,
      userRole: 'user',
    },
  ];
}

class HttpAnswer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

function badArgument(message: string): HttpAnswer {
  return new HttpAnswer(400, { error: { code: 'BadArgument', message } });
}

function notFound(message: string): HttpAnswer {
  return new HttpAnswer(404, { error: { code: 'NotFound', message } });
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export class FakeTeamsConnector {
  /** Every request in arrival order, including ones answered with an error. */
  readonly calls: RecordedCall[] = [];
  /** Member list answered by GET .../members and .../pagedmembers (settable). */
  members: FakeTeamsMember[];
  /** Optional artificial delay per request in ms. */
  latency?: number;

  private server: http.Server | undefined;
  private serviceUrl: string | undefined;
  private readonly pathPrefix: string;
  private failureRules: FailureRule[] = [];
  private stallRules: ((call: { method: string; path: string }) => boolean)[] = [];
  private stalled: (() => void)[] = [];
  private nextActivityId = 1700000000000;
  private readonly activities = new Map<string, StoredActivity>();

  constructor(options: FakeTeamsConnectorOptions = {}) {
    this.pathPrefix = (options.pathPrefix ?? '').replace(/^\/+|\/+$/g, '');
    this.members = options.members ?? defaultMembers();
    if (options.latency !== undefined) this.latency = options.latency;
  }

  /** Starts listening; returns the serviceUrl, e.g. `http://127.0.0.1:PORT/` (always with a trailing slash). */
  async start(): Promise<string> {
    if (this.serviceUrl) return this.serviceUrl;
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        // Should not happen; answer 500 so the caller does not hang.
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 'InternalError', message: String(err) } }));
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.serviceUrl = `http://127.0.0.1:${port}/${this.pathPrefix ? `${this.pathPrefix}/` : ''}`;
    return this.serviceUrl;
  }

  async stop(): Promise<void> {
    this.releaseStalls();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.serviceUrl = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** The serviceUrl returned by start() (throws if not started). */
  get url(): string {
    if (!this.serviceUrl) throw new Error('FakeTeamsConnector not started');
    return this.serviceUrl;
  }

  /** Successful new threads / messages: POST /v3/conversations (that created a message) and POST .../activities. */
  get posted(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'POST' && isSuccess(c.status) && c.activityId !== undefined);
  }

  /** Successful PUT .../activities/:id */
  get updated(): RecordedCall[] {
    return this.calls.filter((c) => c.method === 'PUT' && isSuccess(c.status));
  }

  /** Successful POST /v3/conversations whose body.channelData.channel.id === channelId (new channel threads). */
  threadsIn(channelId: string): RecordedCall[] {
    return this.calls.filter(
      (c) =>
        c.method === 'POST' &&
        isSuccess(c.status) &&
        isCreateConversationPath(c.path) &&
        isObject(c.body) &&
        c.body.channelData?.channel?.id === channelId,
    );
  }

  /** Successful posts (thread roots, replies, messages) whose conversation id equals `conversationId`. */
  messagesIn(conversationId: string): RecordedCall[] {
    return this.posted.filter((c) => c.conversationId === conversationId);
  }

  /** Latest body (after updates) of a message created through this connector, or undefined. */
  activity(id: string): any {
    return this.activities.get(id)?.body;
  }

  /** Conversation id a message was created in, or undefined. */
  conversationOf(id: string): string | undefined {
    return this.activities.get(id)?.conversationId;
  }

  /**
   * Inject failures. Rules are consulted in order; the first non-undefined answer is sent instead of the normal one.
   */
  failWhen(rule: FailureRule): void {
    this.failureRules.push(rule);
  }

  clearFailures(): void {
    this.failureRules = [];
  }

  /** Holds matching requests unanswered (recorded with status 0) until `releaseStalls` or `stop`. */
  stallWhen(rule: (call: { method: string; path: string }) => boolean): void {
    this.stallRules.push(rule);
  }

  /** Stops stalling and lets every held request go on to its normal (or injected) answer. */
  releaseStalls(): void {
    this.stallRules = [];
    for (const release of this.stalled.splice(0)) release();
  }

  /** Polls `predicate` every 20 ms; rejects with a description of the recorded calls on timeout. */
  async waitFor(predicate: (c: FakeTeamsConnector) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (predicate(this)) return;
      if (Date.now() >= deadline) {
        const summary = this.calls
          .slice(-20)
          .map((c) => `  ${c.status || 'pending'} ${c.method} ${c.path}`)
          .join('\n');
        throw new Error(
          `FakeTeamsConnector.waitFor timed out after ${timeoutMs} ms; predicate: ${predicate.toString()}\n` +
            `${this.calls.length} call(s) recorded (${this.posted.length} posted, ${this.updated.length} updated)` +
            (summary ? `; last calls:\n${summary}` : ''),
        );
      }
      await sleep(20);
    }
  }

  // ---------------------------------------------------------------------------------------------------------------

  private newActivityId(): string {
    this.nextActivityId += 1;
    return String(this.nextActivityId);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = req.url ?? '/';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: any;
    let bodyIsJson = false;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
        bodyIsJson = true;
      } catch {
        body = text;
      }
    }

    const call: RecordedCall = { method, path: rawPath, body, headers: { ...req.headers }, at, status: 0 };
    const index = this.calls.push(call) - 1;

    if (this.latency && this.latency > 0) await sleep(this.latency);
    if (this.stallRules.some((rule) => rule({ method, path: rawPath }))) {
      await new Promise<void>((resolve) => this.stalled.push(resolve));
    }

    let answer: HttpAnswer | undefined;
    for (const rule of this.failureRules) {
      const failure = rule({ index, method, path: rawPath, body });
      if (failure) {
        answer = new HttpAnswer(
          failure.status,
          failure.body ?? {
            error: { code: `Injected${failure.status}`, message: `injected failure ${failure.status}` },
          },
          failure.headers ?? {},
        );
        break;
      }
    }
    answer ??= this.route(call, method, rawPath, body, bodyIsJson, text.length > 0);

    call.status = answer.status;
    const payload = answer.body === undefined ? '' : JSON.stringify(answer.body);
    const headers: Record<string, string> = { ...answer.headers };
    if (payload && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json; charset=utf-8';
    }
    res.writeHead(answer.status, headers);
    res.end(payload);
  }

  private route(
    call: RecordedCall,
    method: string,
    rawPath: string,
    body: any,
    bodyIsJson: boolean,
    hasBody: boolean,
  ): HttpAnswer {
    const pathname = rawPath.split('?')[0] ?? '';
    const query = new URLSearchParams(rawPath.includes('?') ? rawPath.slice(rawPath.indexOf('?') + 1) : '');
    const v3 = pathname.indexOf('/v3/');
    if (v3 < 0) return notFound(`No route for ${method} ${pathname}`);
    let segments: string[];
    try {
      segments = pathname
        .slice(v3 + 1)
        .split('/')
        .filter((s) => s.length > 0)
        .map((s) => decodeURIComponent(s));
    } catch {
      return badArgument(`Malformed path ${pathname}`);
    }
    const [v, conversations, conversationId, sub, id, ...rest] = segments;
    if (v !== 'v3' || conversations !== 'conversations') return notFound(`No route for ${method} ${pathname}`);

    const needsBody = method === 'POST' || method === 'PUT';
    if (needsBody) {
      if (!hasBody || !bodyIsJson) return badArgument('The request body must be JSON.');
      if (!isObject(body)) return badArgument('The request body must be a JSON object.');
    }

    // /v3/conversations
    if (conversationId === undefined) {
      if (method === 'POST') return this.createConversation(call, body);
      return notFound(`No route for ${method} ${pathname}`);
    }
    if (rest.length > 0) return notFound(`No route for ${method} ${pathname}`);
    call.conversationId = conversationId;

    if (sub === 'activities') {
      if (id === undefined && method === 'POST') return this.postActivity(call, conversationId, body, undefined);
      if (id !== undefined && id !== 'history' && method === 'POST')
        return this.postActivity(call, conversationId, body, id);
      if (id !== undefined && method === 'PUT') return this.putActivity(call, id, body);
      return notFound(`No route for ${method} ${pathname}`);
    }
    if (sub === 'members' && id === undefined && method === 'GET') {
      return new HttpAnswer(200, this.members);
    }
    if (sub === 'pagedmembers' && id === undefined && method === 'GET') {
      const start = Math.max(0, Number.parseInt(query.get('continuationToken') ?? '0', 10) || 0);
      const pageSize = Math.max(1, Number.parseInt(query.get('pageSize') ?? '200', 10) || 200);
      const page = this.members.slice(start, start + pageSize);
      const next = start + pageSize;
      return new HttpAnswer(
        200,
        next < this.members.length ? { members: page, continuationToken: String(next) } : { members: page },
      );
    }
    return notFound(`No route for ${method} ${pathname}`);
  }

  private createConversation(call: RecordedCall, body: Record<string, any>): HttpAnswer {
    const channelId: unknown = body.channelData?.channel?.id;
    if (channelId !== undefined) {
      if (typeof channelId !== 'string' || !channelId)
        return badArgument('channelData.channel.id must be a non-empty string.');
      if (!isObject(body.activity)) return badArgument('Creating a channel thread requires an activity.');
      const activityId = this.newActivityId();
      const conversationId = `${channelId};messageid=${activityId}`;
      this.activities.set(activityId, { conversationId, body: body.activity });
      call.conversationId = conversationId;
      call.activityId = activityId;
      return new HttpAnswer(201, { id: conversationId, activityId });
    }

    const members: unknown = body.members;
    const first = Array.isArray(members) ? members[0] : undefined;
    if (!isObject(first) || typeof first.id !== 'string' || !first.id) {
      return badArgument('members must contain a member with an id (or channelData.channel.id must be set).');
    }
    const conversationId = `a:1${Buffer.from(first.id, 'utf8').toString('base64url')}`;
    call.conversationId = conversationId;
    if (body.activity !== undefined) {
      if (!isObject(body.activity) || typeof body.activity.type !== 'string')
        return badArgument('activity must have a type.');
      const activityId = this.newActivityId();
      this.activities.set(activityId, { conversationId, body: body.activity });
      call.activityId = activityId;
      return new HttpAnswer(201, { id: conversationId, activityId });
    }
    return new HttpAnswer(201, { id: conversationId });
  }

  private postActivity(
    call: RecordedCall,
    conversationId: string,
    body: Record<string, any>,
    replyToId: string | undefined,
  ): HttpAnswer {
    if (typeof body.type !== 'string' || !body.type) return badArgument('Activity must have a type.');
    if (replyToId !== undefined) call.replyToId = replyToId;
    const activityId = this.newActivityId();
    this.activities.set(activityId, { conversationId, body });
    call.activityId = activityId;
    return new HttpAnswer(201, { id: activityId });
  }

  private putActivity(call: RecordedCall, activityId: string, body: Record<string, any>): HttpAnswer {
    call.activityId = activityId;
    if (typeof body.type !== 'string' || !body.type) return badArgument('Activity must have a type.');
    if (body.id !== undefined && body.id !== null && body.id !== activityId) {
      return badArgument(`Activity id ${String(body.id)} does not match the path's activity id ${activityId}.`);
    }
    const stored = this.activities.get(activityId);
    if (!stored) return notFound(`Activity ${activityId} not found.`);
    stored.body = body;
    return new HttpAnswer(200, { id: activityId });
  }
}

function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}

function isCreateConversationPath(rawPath: string): boolean {
  return /\/v3\/conversations\/?$/.test(rawPath.split('?')[0] ?? '');
}
