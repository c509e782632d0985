import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../src/logger.js';
import { CLASSIFICATIONS, STATUSES } from '../src/triage/alert.js';
import type { AlertStore } from '../src/triage/ports.js';
import { MAX_COMMENT_LENGTH, type UpdateResult, type AlertUpdates } from '../src/triage/alert-updates.js';
import { isTriageError } from '../src/triage/triage-error.js';
import type { AssigneeResolver } from './assignee-resolver.js';
import type { AlertViews } from './alert-views.js';
import { answerWithin } from './answer-deadline.js';
import { cardInvokeResponse, messageInvokeResponse } from './error-presenter.js';
import { loadAlert } from './view-actions.js';
import { alertRefSchema, userKeySchema, verb, type Click, type VerbHandlers } from './verb-handler.js';

const comment = z
  .string({ message: 'the comment must be text' })
  .trim()
  .max(MAX_COMMENT_LENGTH, `a comment can have at most ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters`);
const optionalComment = z.preprocess((v) => (v === '' || v === null ? undefined : v), comment.optional());
/** Input.Toggle submits "true"/"false" strings. */
const flag = z.preprocess((v) => v === true || v === 'true', z.boolean()).optional();

const STILL_WORKING =
  'This is taking longer than usual. The card updates when your change is saved; if it does not within a minute, refresh the card and try again.';

const schemas = {
  assign: alertRefSchema.extend({ assignee: userKeySchema }),
  comment: alertRefSchema.extend({ comment: comment.min(1, 'write a comment first') }),
  classify: alertRefSchema.extend({
    classification: z.enum(CLASSIFICATIONS, { message: `must be one of ${CLASSIFICATIONS.join(', ')}` }),
    determination: z.string({ message: 'choose a determination' }).trim().min(1, 'choose a determination').max(64),
    comment: optionalComment,
    resolve: flag,
  }),
  setStatus: alertRefSchema.extend({
    status: z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` }),
    comment: optionalComment,
  }),
};

/**
 * `alert.assign`, `alert.assignToMe`, `alert.comment`, `alert.classify`, `alert.setStatus`: the clicking
 * user gets their updated card with a one-line notice; everyone else gets the update through the outbox.
 * A click on an outdated card gets the current card and says nothing was changed.
 */
export function triageActions(
  triage: AlertUpdates,
  store: AlertStore,
  views: AlertViews,
  log: Logger,
  assignees: AssigneeResolver,
): VerbHandlers {
  const answer = async (
    { actor, teamId }: Click<unknown>,
    alertId: string,
    work: () => Promise<UpdateResult>,
  ): Promise<AdaptiveCardInvokeResponse> => {
    try {
      const outcome = await answerWithin(work(), async () => undefined, log, { alertId });
      // Past the deadline the use case may not even have checked access yet (a slow directory), so the
      // answer says nothing about the alert; the card updates for everyone once the change is stored.
      if (!outcome) return messageInvokeResponse(STILL_WORKING);
      return cardInvokeResponse(
        await views.userCard(actor, outcome.alert, { notice: { text: outcome.message, tone: 'info' }, teamId }),
      );
    } catch (e) {
      if (!isTriageError(e) || e.code !== 'stale') throw e;
      // A stale click was authorized before its version was checked; the view checks again all the same.
      const alert = await loadAlert(store, alertId);
      return cardInvokeResponse(
        await views.userCard(actor, alert, { notice: { text: e.userMessage, tone: 'warning' }, teamId }),
      );
    }
  };

  return {
    'alert.assign': verb(schemas.assign, (click) =>
      answer(click, click.data.alertId, async () =>
        triage.assign(click.actor, {
          ...click.data,
          assignee: await assignees.resolve(click.data.assignee, click.teamId),
        }),
      ),
    ),
    'alert.assignToMe': verb(alertRefSchema, (click) =>
      answer(click, click.data.alertId, () => triage.assign(click.actor, { ...click.data, assignee: click.actor.id })),
    ),
    'alert.comment': verb(schemas.comment, (click) =>
      answer(click, click.data.alertId, () =>
        triage.comment(click.actor, { alertId: click.data.alertId, text: click.data.comment }),
      ),
    ),
    'alert.classify': verb(schemas.classify, (click) =>
      answer(click, click.data.alertId, () => triage.classify(click.actor, click.data)),
    ),
    'alert.setStatus': verb(schemas.setStatus, (click) =>
      answer(click, click.data.alertId, () => triage.setStatus(click.actor, click.data)),
    ),
  };
}
