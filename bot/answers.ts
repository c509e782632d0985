import { CardFactory, type Activity, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { md } from '../cards/card-text.js';
import type { MessageValues } from '../src/i18n/messages.js';
import type { Translator } from '../src/i18n/translator.js';
import type { Logger } from '../src/logger.js';
import { isTriageError, type TriageError } from '../src/triage/triage-error.js';
import type { Answer } from './registry/answer.js';

/**
 * The one place that turns what handlers answer — and what they fail with — into what Teams gets: an
 * invoke response for a card click, an activity for a message. Domain errors are shown in the reader's
 * language (`triageErrorText`); anything else is logged in full and shown as a short apology with a
 * reference to quote.
 */

const CARD = 'application/vnd.microsoft.card.adaptive';

/**
 * An invoke answer. Teams and the Agents Playground show nothing for a 4xx/5xx invoke response
 * (teams-platform.md §9), so errors too are answered 200, with a message.
 */
export function invokeResponseOf(answer: Answer): AdaptiveCardInvokeResponse {
  if ('card' in answer) return { statusCode: 200, type: CARD, value: answer.card };
  // The HTTP answer splices the text in (src/http/json-text.ts).
  if ('cardJson' in answer)
    return { statusCode: 200, type: CARD, value: answer.cardJson as unknown as Record<string, unknown> };
  // botbuilder types `value` as an object; Teams expects a plain string for the message type.
  const text = 'text' in answer ? answer.text : answer.notice;
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as Record<string, unknown>,
  };
}

/** A message answer. Teams renders message text as markdown: a plain notice is escaped first. */
export function activityOf(answer: Answer): Partial<Activity> {
  if ('card' in answer) return { attachments: [CardFactory.adaptiveCard(answer.card)] };
  if ('cardJson' in answer) return { attachments: [CardFactory.adaptiveCard(JSON.parse(answer.cardJson.text))] };
  return { text: 'text' in answer ? answer.text : md(answer.notice) };
}

/** What a failure says to the person who caused it, in their language. */
export function errorAnswer(
  error: unknown,
  log: Logger,
  context: { activityId?: string; [k: string]: unknown },
  i18n: Translator,
): Answer {
  if (isTriageError(error)) {
    log.info({ ...context, code: error.code }, 'request refused');
    return { notice: triageErrorText(error, i18n) };
  }
  log.error({ ...context, err: error }, 'request failed');
  return { notice: i18n.t('errors.internal', { reference: context.activityId ?? 'unknown' }) };
}

/**
 * A domain error in the reader's language. English readers get the domain's own sentence (it is the
 * English source). Others get the catalogue message its key names, else the one whose English is that
 * sentence; an error the catalogue does not know yet keeps its English detail after a translated lead,
 * so the reader still learns what to do.
 */
export function triageErrorText(error: TriageError, i18n: Translator): string {
  if (i18n.language === 'en') return error.userMessage;
  const key = error.key !== undefined && i18n.has(error.key) ? error.key : i18n.sourceKey(error.userMessage);
  if (key) return i18n.t(key, valuesOf(error, i18n));
  return i18n.t('errors.untranslated', { lead: i18n.t(`errors.code.${error.code}`), detail: error.userMessage });
}

/** An error's data as message values: lists read "a, b or c", a permission also as what it lets one do. */
function valuesOf({ data = {} }: TriageError, i18n: Translator): MessageValues {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(data)) {
    values[name] = typeof value === 'string' || typeof value === 'number' ? value : i18n.alternatives(value);
  }
  const action = `permissions.${String(data.permission)}`;
  if (i18n.has(action)) values.action = i18n.t(action);
  return values;
}
