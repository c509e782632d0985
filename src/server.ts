import restify from 'restify';
import type { ActivityHandler } from 'botbuilder';
import { guardConnections, type ConnectionLimits } from './http/connection-guard.js';
import type { EdgeAdapter } from './http/edge-adapter.js';
import type { HttpRoute } from './http/http-route.js';
import { messagesRoute, type CardActionLane } from './http/messages-route.js';
import { RequestLog } from './http/request-log.js';
import type { Logger } from './logger.js';

export interface ServerDeps {
  adapter: EdgeAdapter;
  bot: ActivityHandler;
  /** Card actions, answered without a turn (bot/card-actions.ts). */
  cardActions: CardActionLane;
  log: Logger;
  /** False in local mode only (no MicrosoftAppId): then /api/messages asks for no token. */
  authRequired: boolean;
  /** Timeouts and connection caps for slow or greedy clients. */
  connections: ConnectionLimits;
  /** Facts for /healthz (backend, outbox depth...). */
  health: () => Record<string, unknown>;
  /** What capabilities serve besides (the share page at `GET /share/*`). */
  routes: readonly HttpRoute[];
}

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework activities, authenticated at the edge),
 * `GET /healthz`, and the capabilities' routes. No business logic here, and no body parser: only
 * /api/messages reads a body, with its own strict reader (nothing is inflated, parsed as a form or
 * written to disk).
 */
export function createServer(deps: ServerDeps): restify.Server {
  const { adapter, bot, cardActions, log, authRequired, health, routes } = deps;
  const server = restify.createServer({ name: 'dlp-triage', handleUncaughtExceptions: false });
  guardConnections(server.server, deps.connections, log);
  const names = new Map([['/api/messages', 'activity'], ...routes.map((r): [string, string] => [r.path, r.name])]);
  const requests = new RequestLog(log, names);
  requests.attach(server);

  server.post('/api/messages', messagesRoute({ adapter, bot, cardActions, log, requests, authRequired }));
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok', ...health() });
    next();
  });
  for (const route of routes) server[route.method](route.path, route.handler(requests));
  return server;
}
