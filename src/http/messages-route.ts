import type { Activity, ActivityHandler, InvokeResponse } from 'botbuilder';
import type restify from 'restify';
import type { Logger } from '../logger.js';
import { checkActivity } from './activity-shape.js';
import type { EdgeAdapter } from './edge-adapter.js';
import { readJsonBody } from './json-body.js';
import { holdsJsonText, jsonBody } from './json-text.js';
import type { RequestLog } from './request-log.js';

/** The activities answered without a botbuilder turn (card actions: bot/card-actions.ts), and their answer. */
export interface CardActionLane {
  handles(activity: Activity): boolean;
  answer(activity: Activity): Promise<InvokeResponse>;
}

export interface MessagesRouteDeps {
  adapter: EdgeAdapter;
  bot: ActivityHandler;
  cardActions: CardActionLane;
  log: Logger;
  requests: RequestLog;
  /** False in local mode only (no MicrosoftAppId): then no token is asked for. */
  authRequired: boolean;
}

const UNAUTHORIZED = 'Unauthorized.';
const NOT_AN_ACTIVITY = 'The body is not a Bot Framework activity this bot can handle.';
const FAILED = 'The bot could not process this activity.';
const JWT = /eyJ[\w-]*\.[\w-]*(?:\.[\w-]*)?/g;

/**
 * `POST /api/messages`. In this order: a token must be present (401, before the body is read), the body
 * must be uncompressed JSON within the size cap (415/413/400), the activity well-formed (400), the token
 * valid for it (401, whatever went wrong while checking it), then the turn runs (a card action is answered
 * without one); its invoke answer (card errors are 200 with a message) is sent as is. Every refusal has a
 * short, generic body.
 */
export function messagesRoute({
  adapter,
  bot,
  cardActions,
  log,
  requests,
  authRequired,
}: MessagesRouteDeps): restify.RequestHandler {
  return async (req, res) => {
    // A refusal before the whole body was read closes the connection, so the rest is never processed.
    const refuse = (status: number, error: string, facts: Record<string, unknown>, close = false) => {
      requests.note(req, facts);
      if (close) res.setHeader('Connection', 'close');
      if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
      res.send(status, { error });
    };
    const authHeader = req.headers.authorization ?? '';
    if (authRequired && !/^Bearer \S/i.test(authHeader))
      return refuse(401, UNAUTHORIZED, { refused: 'no bearer token' }, true);
    const body = await readJsonBody(req);
    if (!body.ok && body.status === 'aborted')
      return refuse(408, 'The request did not arrive in time.', { refused: 'request ended before its body' }, true);
    if (!body.ok) return refuse(body.status, body.error, { refused: body.error }, body.status !== 400);
    const check = checkActivity(body.value);
    if (!check.ok) return refuse(400, NOT_AN_ACTIVITY, { refused: 'malformed activity', fields: check.problems });
    const { activity } = check;
    requests.note(req, { activityId: activity.id, type: activity.type, name: activity.name });

    // A card action needs no turn, so no claims: only that its token is valid.
    let answer: () => Promise<InvokeResponse | undefined>;
    try {
      if (cardActions.handles(activity)) {
        await adapter.verify(activity, authHeader);
        answer = () => cardActions.answer(activity);
      } else {
        const auth = await adapter.authenticate(activity, authHeader);
        answer = () => adapter.runTurn(auth, activity, (context) => bot.run(context));
      }
    } catch (e) {
      // Forged, expired, for another bot, or the signing keys could not be fetched: never a 500.
      return refuse(401, UNAUTHORIZED, {
        refused: 'not authenticated',
        reason: String((e as Error)?.message ?? e)
          .replace(JWT, '[token]')
          .slice(0, 300),
      });
    }
    try {
      sendAnswer(res, await answer());
    } catch (e) {
      log.error({ err: e, activityId: activity.id }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: FAILED });
    }
  };
}

/** The turn's (or card action's) answer: an invoke's as it is (a card view held as JSON text spliced in), else 200. */
function sendAnswer(res: restify.Response, invoke: InvokeResponse | undefined): void {
  if (holdsJsonText(invoke?.body)) {
    const json = Buffer.from(jsonBody(invoke.body));
    res.sendRaw(invoke.status ?? 200, json, {
      'Content-Type': 'application/json',
      'Content-Length': String(json.length),
    });
  } else if (invoke?.body) res.send(invoke.status ?? 200, invoke.body);
  else res.send(invoke?.status ?? 200);
}
