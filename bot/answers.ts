import { CardFactory, type Activity, type AdaptiveCardInvokeResponse } from 'botbuilder';
import { md } from '../cards/card-text.js';
import type { Logger } from '../src/logger.js';
import { isTriageError } from '../src/triage/triage-error.js';
import type { Answer } from './registry/answer.js';

/**
 * The one place that turns what handlers answer — and what they fail with — into what Teams gets: an
 * invoke response for a card click, an activity for a message. Domain errors carry their own safe
 * message; anything else is logged in full and shown as a short apology with a reference to quote.
 */

/**
 * An invoke answer. Teams and the Agents Playground show nothing for a 4xx/5xx invoke response
 * (teams-platform.md §9), so errors too are answered 200, with a message.
 */
export function invokeResponseOf(answer: Answer): AdaptiveCardInvokeResponse {
  if ('card' in answer) return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: answer.card };
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
  return { text: 'text' in answer ? answer.text : md(answer.notice) };
}

/** What a failure says to the person who caused it. */
export function errorAnswer(
  error: unknown,
  log: Logger,
  context: { activityId?: string; [k: string]: unknown },
): Answer {
  if (isTriageError(error)) {
    log.info({ ...context, code: error.code }, 'request refused');
    return { notice: error.userMessage };
  }
  log.error({ ...context, err: error }, 'request failed');
  return {
    notice: `Something went wrong on our side. Try again in a minute; if it keeps happening, give your admin this reference: ${context.activityId ?? 'unknown'}.`,
  };
}
