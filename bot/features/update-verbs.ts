import { z } from 'zod';
import type { Logger } from '../../src/logger.js';
import { CLASSIFICATIONS, STATUSES } from '../../src/triage/alert.js';
import { findAlert } from '../../src/triage/alert-lookup.js';
import type { AlertStore } from '../../src/triage/ports.js';
import { isTriageError } from '../../src/triage/triage-error.js';
import { MAX_COMMENT_LENGTH, type UpdateResult, type AlertUpdates } from '../../src/triage/alert-updates.js';
import type { AlertViews } from '../alert-views.js';
import { answerWithin } from '../answer-deadline.js';
import { outcomeText } from '../outcome-text.js';
import { triageErrorText } from '../answers.js';
import type { AssigneeResolver } from '../assignee-resolver.js';
import { cardAnswer, noticeAnswer, type Answer } from '../registry/answer.js';
import { alertRefSchema, cardVerb, userKeySchema, type Click } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';

const comment = z
  .string({ message: 'the comment must be text' })
  .trim()
  .max(MAX_COMMENT_LENGTH, `a comment can have at most ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters`);
const optionalComment = z.preprocess((v) => (v === '' || v === null ? undefined : v), comment.optional());
/** Input.Toggle submits "true"/"false" strings. */
const flag = z.preprocess((v) => v === true || v === 'true', z.boolean()).optional();

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

export interface UpdateVerbDeps {
  triage: AlertUpdates;
  store: Pick<AlertStore, 'get'>;
  views: AlertViews;
  assignees: AssigneeResolver;
  log: Logger;
}

/**
 * `alert.assign`, `alert.assignToMe`, `alert.comment`, `alert.classify`, `alert.setStatus`: the clicking
 * user gets their updated card with a one-line notice; everyone else gets the update through the outbox.
 * A click on an outdated card gets the current card and says nothing was changed.
 */
export function updateVerbs(deps: UpdateVerbDeps): Inputs {
  const { triage, assignees } = deps;
  const answer = (click: Click<unknown>, alertId: string, work: () => Promise<UpdateResult>) =>
    answerFor(deps, click, alertId, work);
  return {
    verbs: [
      cardVerb('alert.assign', ['alert.assign'], schemas.assign, (c) =>
        answer(c, c.data.alertId, async () =>
          triage.assign(c.actor, { ...c.data, assignee: await assignees.resolve(c.data.assignee, c.teamId) }),
        ),
      ),
      cardVerb('alert.assignToMe', ['alert.assign'], alertRefSchema, (c) =>
        answer(c, c.data.alertId, () => triage.assign(c.actor, { ...c.data, assignee: c.actor.id })),
      ),
      cardVerb('alert.comment', ['alert.comment'], schemas.comment, (c) =>
        answer(c, c.data.alertId, () => triage.comment(c.actor, { alertId: c.data.alertId, text: c.data.comment })),
      ),
      cardVerb('alert.classify', ['alert.classify'], schemas.classify, (c) =>
        answer(c, c.data.alertId, () => triage.classify(c.actor, c.data)),
      ),
      cardVerb('alert.setStatus', ['alert.setStatus'], schemas.setStatus, (c) =>
        answer(c, c.data.alertId, () => triage.setStatus(c.actor, c.data)),
      ),
    ],
  };
}

async function answerFor(
  { views, store, log }: UpdateVerbDeps,
  { actor, teamId, i18n }: Click<unknown>,
  alertId: string,
  work: () => Promise<UpdateResult>,
): Promise<Answer> {
  try {
    const outcome = await answerWithin(work(), async () => undefined, log, { alertId });
    // Past the deadline the use case may not even have checked access yet (a slow directory), so the
    // answer says nothing about the alert; the card updates for everyone once the change is stored.
    if (!outcome) return noticeAnswer(i18n.t('notices.stillWorking'));
    return cardAnswer(
      await views.userCard(actor, outcome.alert, {
        notice: { text: outcomeText(outcome, i18n), tone: 'info' },
        teamId,
        i18n,
      }),
    );
  } catch (e) {
    if (!isTriageError(e) || e.code !== 'stale') throw e;
    // A stale click was authorized before its version was checked; the view checks again all the same.
    const alert = await findAlert(store, alertId);
    const text = triageErrorText(e, i18n);
    return cardAnswer(await views.userCard(actor, alert, { notice: { text, tone: 'warning' }, teamId, i18n }));
  }
}
