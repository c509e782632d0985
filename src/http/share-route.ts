import type restify from 'restify';
import type { PageAnswer } from '../share/share-page.js';
import { PAGE_HEADERS } from '../share/shared-alert-page.js';
import { clientKey } from './client-address.js';
import type { ClientRateLimit } from './client-rate-limit.js';
import type { RequestLog } from './request-log.js';

/** Answers `GET /share/:token` for one viewer; the address is the only viewer fact passed on. */
export type SharePageAnswer = (token: string, viewer: { ip?: string }) => Promise<PageAnswer>;

const TOO_MANY_PAGE =
  '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
  '<title>Too many requests</title></head><body>\n<h1>Too many requests</h1>\n<p>Too many pages were asked for from your network. Try again in a minute.</p>\n</body></html>\n';

/**
 * `GET /share/*`: throttled per client address before anything else (429 with `Retry-After` and the share
 * page's security headers), so that neither the page nor the audit of refused views can be driven at
 * will. The user agent is not passed on: it is the client's to choose and says nothing the audit needs.
 */
export function shareRoute(
  sharePage: SharePageAnswer,
  limit: ClientRateLimit,
  requests: RequestLog,
): restify.RequestHandler {
  return async (req, res) => {
    const verdict = limit.take(clientKey(req.socket.remoteAddress));
    if (!verdict.allowed) {
      requests.note(req, { refused: 'rate limited' });
      return send(res, {
        status: 429,
        headers: { ...PAGE_HEADERS, 'Retry-After': String(verdict.retryAfterSeconds) },
        body: TOO_MANY_PAGE,
      });
    }
    const token = String((req.params as Record<string, unknown>)['*'] ?? '');
    send(res, await sharePage(token, { ip: req.socket.remoteAddress }));
  };
}

function send(res: restify.Response, answer: PageAnswer): void {
  res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body)) });
  res.end(answer.body);
}
