import type { TokenCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  RedirectHandler,
  RedirectHandlerOptions,
  RetryHandler,
  RetryHandlerOptions,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js';
import type { Logger } from '../../logger.js';
import { GraphCallObserver } from './graph-call-observer.js';
import { retryAfterSeconds } from './graph-failure.js';
import type { RequestPacer } from './request-pacer.js';

/** How hard a client retries 429, 503 and 504 (the Graph RetryHandler's codes). Never unbounded. */
export interface RetrySettings {
  /** Retries after the first attempt (default 3, the SDK's default). */
  maxRetries?: number;
  /** Base delay in seconds when no Retry-After came (default 3, exponential from the second retry). */
  baseDelaySeconds?: number;
  /** A Retry-After longer than this is not waited for: the call fails as unavailable instead (default 60). */
  maxRetryAfterSeconds?: number;
}

export interface RestClientOptions {
  credential: TokenCredential;
  /** The token scope, e.g. `https://graph.microsoft.com/.default` (app-only). */
  scope: string;
  /** An https origin: GRAPH_ENDPOINT or MDE_API_ENDPOINT. */
  origin: string;
  /** The first path segment: `v1.0` for Graph, `api` for Defender for Endpoint. */
  version: string;
  log: Logger;
  /** Pacer for a request URL, if it needs one. */
  pacerFor?: (url: URL) => RequestPacer | undefined;
  retry?: RetrySettings;
  /** A name for log lines: `graph` or `mde`. */
  api: string;
  /** Per-attempt timeout in ms (default 30 s). */
  timeoutMs?: number;
}

/** `/security/...` under any version: the calls Graph limits to 150 per minute per tenant. */
export const isSecurityApi = (url: URL) => /^\/[^/]+\/security(\/|$)/.test(url.pathname);

/**
 * A `@microsoft/microsoft-graph-client` client for one API and one token audience: the SDK's own chain
 * (auth → retry → redirect → telemetry → fetch) with our observer after the retry handler, so pacing
 * and logging see every attempt. The origin's host is always a custom host: the SDK only attaches the
 * token to https URLs on known Graph hosts or custom hosts (graph-api.md §7), which sovereign and
 * private clouds, Defender for Endpoint and the test emulator all need.
 */
export function createRestClient(options: RestClientOptions): Client {
  const retry = { maxRetries: 3, baseDelaySeconds: 3, maxRetryAfterSeconds: 60, ...options.retry };
  const auth = new AuthenticationHandler(
    new TokenCredentialAuthenticationProvider(options.credential, { scopes: [options.scope] }),
  );
  const retryHandler = new RetryHandler(
    new RetryHandlerOptions(
      retry.baseDelaySeconds,
      retry.maxRetries,
      (_delay, _attempt, request, fetchOptions, response) => {
        const wait = retryAfterSeconds(response.headers.get('Retry-After'));
        if (wait !== undefined && wait > retry.maxRetryAfterSeconds) return false;
        // A POST that timed out at the gateway may have been applied (a comment would be posted twice).
        const method = (fetchOptions?.method ?? (typeof request === 'string' ? 'GET' : request.method)).toUpperCase();
        return !(method === 'POST' && response.status === 504);
      },
    ),
  );
  const observer = new GraphCallObserver(
    options.log,
    options.pacerFor ?? (() => undefined),
    options.api,
    options.timeoutMs,
  );
  const middleware = [
    auth,
    retryHandler,
    observer,
    new RedirectHandler(new RedirectHandlerOptions()),
    new TelemetryHandler(),
    new HTTPMessageHandler(),
  ];
  return Client.initWithMiddleware({
    middleware,
    baseUrl: `${options.origin.replace(/\/+$/, '')}/`,
    defaultVersion: options.version,
    customHosts: new Set([new URL(options.origin).hostname]),
  });
}

/** The app-only scope of a resource origin: `https://graph.microsoft.com` → `https://graph.microsoft.com/.default`. */
export function defaultScopeOf(origin: string): string {
  return `${new URL(origin).origin}/.default`;
}
