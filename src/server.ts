import restify from 'restify';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from './logger.js';
import { ClientRateLimit } from './http/client-rate-limit.js';
import { guardConnections, type ConnectionLimits } from './http/connection-guard.js';
import type { EdgeAdapter } from './http/edge-adapter.js';
import { messagesRoute } from './http/messages-route.js';
import { RequestLog } from './http/request-log.js';
import { shareRoute, type SharePageAnswer } from './http/share-route.js';

export interface ServerDeps {
  adapter: EdgeAdapter;
  bot: ActivityHandler;
  log: Logger;
  /** False in local mode only (no MicrosoftAppId): then /api/messages asks for no token. */
  authRequired: boolean;
  /** Timeouts and connection caps for slow or greedy clients. */
  connections: ConnectionLimits;
  /** Requests to /share/* one client address may make per minute. */
  shareRequestsPerMinute: number;
  /** Extra facts for /healthz (backend, outbox depth...). */
  health: () => Record<string, unknown>;
  /** Answers `GET /share/:token` (the read-only alert page); the route is absent without it. */
  sharePage?: SharePageAnswer;
}

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework activities, authenticated at the edge),
 * `GET /healthz`, `GET /share/:token`. No business logic here, and no body parser: only /api/messages
 * reads a body, with its own strict reader (nothing is inflated, parsed as a form or written to disk).
 */
export function createServer(deps: ServerDeps): restify.Server {
  const { adapter, bot, log, authRequired, health, sharePage } = deps;
  const server = restify.createServer({ name: 'dlp-triage', handleUncaughtExceptions: false });
  guardConnections(server.server, deps.connections, log);
  const requests = new RequestLog(
    log,
    new Map([
      ['/api/messages', 'activity'],
      ['/share/*', 'share page'],
    ]),
  );
  requests.attach(server);

  server.post('/api/messages', messagesRoute({ adapter, bot, log, requests, authRequired }));

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok', ...health() });
    next();
  });

  if (sharePage) {
    // A wildcard, not `:token`: the router refuses parameters over 100 characters with its own JSON 404,
    // and every odd path under /share/ must get the same 404 page as a bad token.
    server.get('/share/*', shareRoute(sharePage, new ClientRateLimit(deps.shareRequestsPerMinute), requests));
  }

  return server;
}
