import type { Config } from '../config.js';
import type { ConnectionLimits } from './connection-guard.js';

/** The server settings that come from the environment (config HTTP_*, local mode). */
export function edgeSettings(config: Config): { authRequired: boolean; connections: ConnectionLimits } {
  return {
    authRequired: !config.localMode,
    connections: {
      headersTimeoutMs: config.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: config.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      maxConnections: config.HTTP_MAX_CONNECTIONS,
      maxConnectionsPerClient: config.HTTP_MAX_CONNECTIONS_PER_CLIENT,
    },
  };
}
