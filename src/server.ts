import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { Logger } from './logger.js';
import type { PageAnswer } from './share/share-page.js';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  log: Logger;
  /** Extra facts for /healthz (backend, outbox depth...). */
  health: () => Record<string, unknown>;
  /** Answers `GET /share/:token` (the read-only alert page); the route is absent without it. */
  sharePage?: (token: string, viewer: { ip?: string; userAgent?: string }) => Promise<PageAnswer>;
}

/**
 * The HTTP surface: `POST /api/messages` (Bot Framework activities, authenticated by the CloudAdapter),
 * `GET /healthz`, `GET /share/:token`. No business logic here.
 */
export function createServer({ adapter, bot, log, health, sharePage }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'dlp-triage', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    const started = Date.now();
    const body = req.body as { id?: string; type?: string; name?: string } | undefined;
    if (!body || typeof body !== 'object' || typeof body.type !== 'string') {
      // CloudAdapter would answer 400 too, but without saying why.
      res.send(400, { error: 'The body must be a Bot Framework activity (a JSON object with a "type").' });
      log.warn({ status: 400, ms: Date.now() - started }, 'malformed activity refused');
      return;
    }
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (e) {
      log.error({ err: e, activityId: body.id }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity.' });
    }
    log.info({ activityId: body.id, type: body.type, name: body.name, status: res.statusCode, ms: Date.now() - started }, 'activity');
  });

  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok', ...health() });
    next();
  });

  if (sharePage) {
    // A wildcard, not `:token`: the router refuses parameters over 100 characters with its own JSON 404,
    // and every odd path under /share/ must get the same 404 page as a bad token.
    server.get('/share/*', async (req, res) => {
      const started = Date.now();
      const token = String((req.params as Record<string, unknown>)['*'] ?? '');
      const answer = await sharePage(token, { ip: req.socket.remoteAddress, userAgent: req.header('user-agent')?.slice(0, 200) });
      res.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(Buffer.byteLength(answer.body)) });
      res.end(answer.body);
      // Never the URL: the token in it is a bearer credential.
      log.info({ route: 'GET /share', status: answer.status, ms: Date.now() - started }, 'share page');
    });
  }

  return server;
}
