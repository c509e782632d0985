import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { md } from '../cards/card-text.js';
import type { Logger } from '../src/logger.js';
import { isTriageError } from '../src/triage/triage-error.js';

/**
 * The one place that turns an error into what a Teams user reads. Domain errors carry their own safe
 * message; anything else is logged in full and shown as a short apology with a reference to quote.
 */
export function describeError(
  error: unknown,
  log: Logger,
  context: { activityId?: string; [k: string]: unknown },
): string {
  if (isTriageError(error)) {
    log.info({ ...context, code: error.code }, 'request refused');
    return error.userMessage;
  }
  log.error({ ...context, err: error }, 'request failed');
  return `Something went wrong on our side. Try again in a minute; if it keeps happening, give your admin this reference: ${context.activityId ?? 'unknown'}.`;
}

/** `describeError` as chat text: Teams renders messages as markdown, and error texts quote what users typed. */
export function errorMessage(
  error: unknown,
  log: Logger,
  context: { activityId?: string; [k: string]: unknown },
): string {
  return md(describeError(error, log, context));
}

/**
 * An invoke answer that shows the message to the clicking user. Teams and the Agents Playground show
 * nothing for a 4xx/5xx invoke response (teams-platform.md §9), so errors are answered 200 with a message.
 */
export function errorInvokeResponse(
  error: unknown,
  log: Logger,
  context: { activityId?: string; [k: string]: unknown },
): AdaptiveCardInvokeResponse {
  return messageInvokeResponse(describeError(error, log, context));
}

export function messageInvokeResponse(text: string): AdaptiveCardInvokeResponse {
  // botbuilder types `value` as an object; Teams expects a plain string for the message type.
  return {
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: text as unknown as Record<string, unknown>,
  };
}

export function cardInvokeResponse(card: Record<string, unknown>): AdaptiveCardInvokeResponse {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}
