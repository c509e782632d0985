import type restify from 'restify';
import type { Logger } from '../logger.js';
import { clientKey } from './client-address.js';

/**
 * One log line per request: method, the route pattern (never the URL, which for /share carries a bearer
 * token; unmatched paths are not echoed either), status, duration, client, and what the handler noted.
 * Never headers, tokens or bodies.
 */
export class RequestLog {
  private readonly facts = new WeakMap<object, Record<string, unknown>>();

  /**
   * `messages`: the log message per route pattern (existing log readers look for 'activity' lines); 'request'
   * otherwise.
   */
  constructor(
    private readonly log: Logger,
    private readonly messages: ReadonlyMap<string, string> = new Map(),
  ) {}

  /** Adds facts (activity id, type, why a request was refused...) to the request's line. */
  note(req: restify.Request, more: Record<string, unknown>): void {
    this.facts.set(req, { ...this.facts.get(req), ...more });
  }

  /** Logs every request the server finishes, matched or not. */
  attach(server: restify.Server): void {
    server.on('after', (req: restify.Request, res: restify.Response, route: restify.Route | null) => {
      const status = res.statusCode;
      const line = {
        method: req.method,
        route: route?.spec?.path ? String(route.spec.path) : 'unmatched',
        status,
        ms: Date.now() - req.time(),
        client: clientKey(req.socket?.remoteAddress),
        ...this.facts.get(req),
      };
      const msg = this.messages.get(line.route) ?? 'request';
      if (status >= 500) this.log.error(line, msg);
      else if (status === 401) this.log.warn(line, msg);
      // Health probes come every few seconds: at info they would drown everything else.
      else if (line.route === '/healthz' && status === 200) this.log.debug(line, msg);
      else this.log.info(line, msg);
    });
  }
}
