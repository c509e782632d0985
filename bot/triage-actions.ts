import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import type { Logger } from '../src/logger.js';
import { CLASSIFICATIONS, STATUSES } from '../src/triage/alert.js';
import type { AlertStore } from '../src/triage/ports.js';
import { MAX_COMMENT_LENGTH, type TriageResult, type TriageService } from '../src/triage/triage-service.js';
import { isTriageError } from '../src/triage/triage-error.js';
import type { Actor } from './actor.js';
import type { AssigneeResolver } from './assignee-resolver.js';
import type { AlertViews } from './alert-views.js';
import { answerWithin } from './answer-deadline.js';
import { cardInvokeResponse } from './error-presenter.js';
import { loadAlert } from './view-actions.js';
import { alertRefSchema, verb, type VerbHandlers } from './verb-handler.js';


const comment = z
  .string({ message: 'the comment must be text' })
  .trim()
  .max(MAX_COMMENT_LENGTH, `a comment can have at most ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters`);
const optionalComment = z.preprocess((v) => (v === '' || v === null ? undefined : v), comment.optional());
/** Input.Toggle submits "true"/"false" strings. */
const flag = z.preprocess((v) => v === true || v === 'true', z.boolean()).optional();

const schemas = {
  assign: alertRefSchema.extend({ assignee: z.string({ message: 'choose a person to assign' }).trim().min(1, 'choose a person to assign').max(256) }),
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
export function triageActions(triage: TriageService, store: AlertStore, views: AlertViews, log: Logger, assignees: AssigneeResolver): VerbHandlers {
  const answer = async (actor: Actor, alertId: string, work: () => Promise<TriageResult>): Promise<AdaptiveCardInvokeResponse> => {
    try {
      const outcome = await answerWithin(work(), async () => undefined, log, { alertId });
      if (!outcome) {
        const alert = await loadAlert(store, alertId);
        return cardInvokeResponse(await views.userCard(actor, alert, { notice: { text: 'Working on it… the card updates when it is done.', tone: 'info' } }));
      }
      return cardInvokeResponse(await views.userCard(actor, outcome.alert, { notice: { text: outcome.message, tone: 'info' } }));
    } catch (e) {
      if (!isTriageError(e) || e.code !== 'stale') throw e;
      const alert = await loadAlert(store, alertId);
      return cardInvokeResponse(await views.userCard(actor, alert, { notice: { text: e.userMessage, tone: 'warning' } }));
    }
  };

  return {
    'alert.assign': verb(schemas.assign, ({ actor, data, teamId }) =>
      answer(actor, data.alertId, async () => triage.assign(actor, { ...data, assignee: await assignees.resolve(data.assignee, teamId) })),
    ),
    'alert.assignToMe': verb(alertRefSchema, ({ actor, data }) => answer(actor, data.alertId, () => triage.assign(actor, { ...data, assignee: actor.id }))),
    'alert.comment': verb(schemas.comment, ({ actor, data }) => answer(actor, data.alertId, () => triage.comment(actor, { alertId: data.alertId, text: data.comment }))),
    'alert.classify': verb(schemas.classify, ({ actor, data }) => answer(actor, data.alertId, () => triage.classify(actor, data))),
    'alert.setStatus': verb(schemas.setStatus, ({ actor, data }) => answer(actor, data.alertId, () => triage.setStatus(actor, data))),
  };
}
