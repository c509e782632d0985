import type restify from 'restify';
import type { RequestLog } from './request-log.js';

/** An HTTP route a capability serves besides /api/messages and /healthz. */
export interface HttpRoute {
  method: 'get';
  /** restify path, e.g. `/share/*`. */
  path: string;
  /** What the request log calls a request to it. */
  name: string;
  handler(requests: RequestLog): restify.RequestHandler;
}
