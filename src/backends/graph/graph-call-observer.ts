import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../logger.js';
import type { RequestPacer } from './request-pacer.js';

/**
 * Graph client middleware that sits after the RetryHandler, so it sees every attempt: it waits for the
 * pacer when the URL needs pacing (every `/security` call), bounds the attempt with a timeout, and logs
 * one line per attempt with the method, path (no query: filters can hold UPNs), status, duration and
 * Graph's `request-id`. Failures log at warn. Headers and bodies are never logged, nor is the token.
 */
export class GraphCallObserver implements Middleware {
  private next?: Middleware;

  constructor(
    private readonly log: Logger,
    private readonly pacerFor: (url: URL) => RequestPacer | undefined,
    private readonly api: string,
    /** Each attempt is aborted after this long: a call that never answers must not hang a click or the poller. */
    private readonly timeoutMs = 30_000,
  ) {}

  async execute(context: Context): Promise<void> {
    const raw = typeof context.request === 'string' ? context.request : context.request.url;
    const url = new URL(raw);
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const attempt = Number(header(context, 'Retry-Attempt') ?? 0);
    const pacer = this.pacerFor(url);
    const pacedMs = pacer ? await pacer.acquire(url.host) : 0;
    if (context.options) context.options.signal = AbortSignal.timeout(this.timeoutMs);
    const started = Date.now();
    const line = {
      api: this.api,
      method,
      path: url.pathname,
      ...(attempt ? { attempt } : {}),
      ...(pacedMs > 0 ? { pacedMs } : {}),
    };
    try {
      await this.next!.execute(context);
    } catch (e) {
      this.log.warn(
        { graph: { ...line, ms: Date.now() - started, error: (e as Error).name } },
        `${this.api} call failed without an answer`,
      );
      throw e;
    }
    const res = context.response;
    const entry = {
      ...line,
      status: res?.status,
      ms: Date.now() - started,
      requestId: res?.headers.get('request-id') ?? undefined,
      clientRequestId: res?.headers.get('client-request-id') ?? header(context, 'client-request-id'),
      ...(res?.headers.get('Retry-After') ? { retryAfter: res.headers.get('Retry-After') } : {}),
    };
    if (res && res.status >= 400) this.log.warn({ graph: entry }, `${this.api} call failed`);
    else this.log.debug({ graph: entry }, `${this.api} call`);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function header(context: Context, name: string): string | undefined {
  const headers = context.options?.headers as Headers | Record<string, string> | undefined;
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  return key ? (headers as Record<string, string>)[key] : undefined;
}
