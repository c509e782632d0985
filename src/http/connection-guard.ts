import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from '../logger.js';
import { clientKey } from './client-address.js';

/** Limits on how long and how many connections a client may hold (config HTTP_*). */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  maxConnections: number;
  maxConnectionsPerClient: number;
}

/** Node's default; a client that keeps an idle connection open longer is closed. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Requests one connection may carry before it is closed (the client reconnects). */
const MAX_REQUESTS_PER_SOCKET = 1_000;

/**
 * Bounds what slow or greedy clients can hold: a request whose headers (or whole body) have not arrived
 * in time is answered 408 and its connection closed; past `maxConnections` in all, or past
 * `maxConnectionsPerClient` from one client address, a new connection is closed at once.
 * Call before the server starts listening.
 */
export function guardConnections(server: Server, limits: ConnectionLimits, log: Logger): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.maxRequestsPerSocket = MAX_REQUESTS_PER_SOCKET;
  server.maxConnections = limits.maxConnections;
  // Node enforces both timeouts on this tick (30 s by default, read when listening starts): without a
  // shorter one a slow client keeps its socket up to 30 s past the timeout.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(
    1_000,
    Math.ceil(limits.headersTimeoutMs / 2),
  );

  const open = new Map<string, number>();
  let refused = 0;
  server.on('connection', (socket: Socket) => {
    const key = clientKey(socket.remoteAddress);
    const count = (open.get(key) ?? 0) + 1;
    if (count > limits.maxConnectionsPerClient) {
      socket.destroy();
      // One line per burst, not per connection: refusals must not become a way to flood the log.
      if (refused++ === 0) setTimeout(() => reportRefusals(), 10_000).unref();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
  const reportRefusals = () => {
    log.warn(
      { refused, limit: limits.maxConnectionsPerClient },
      'connections refused: too many open from one client address',
    );
    refused = 0;
  };
}
