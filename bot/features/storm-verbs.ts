import { z } from 'zod';
import { outcomeText } from '../outcome-text.js';
import { renderStormCard, type StormResults } from '../../cards/storm-card.js';
import type { StormControl } from '../../src/delivery/storm-control.js';
import type { Logger } from '../../src/logger.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import { CLASSIFICATIONS, STATUSES, type Alert } from '../../src/triage/alert.js';
import { MAX_COMMENT_LENGTH, type AlertUpdates, type UpdateResult } from '../../src/triage/alert-updates.js';
import type { Clock } from '../../src/triage/ports.js';
import { ALERT_NOT_FOUND, isTriageError, TriageError } from '../../src/triage/triage-error.js';
import { answerWithin } from '../answer-deadline.js';
import { triageErrorText } from '../answers.js';
import type { AssigneeResolver } from '../assignee-resolver.js';
import { cardAnswer, noticeAnswer, type Answer } from '../registry/answer.js';
import { alertIdSchema, cardVerb, userKeySchema, type Click } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';

const comment = z.preprocess(
  (v) => (v === '' || v === null ? undefined : v),
  z.string({ message: 'the comment must be text' }).trim().max(MAX_COMMENT_LENGTH).optional(),
);
/** A storm is named by its first alert's id; the revision is the storm card's version. */
const stormRef = z.looseObject({
  stormId: alertIdSchema,
  revision: z.coerce.number({ message: 'the card version is not a number' }).int().min(0),
});
type StormRefData = z.infer<typeof stormRef>;
const schemas = {
  assign: stormRef.extend({ assignee: userKeySchema }),
  classify: stormRef.extend({
    classification: z.enum(CLASSIFICATIONS, { message: `must be one of ${CLASSIFICATIONS.join(', ')}` }),
    determination: z.string({ message: 'choose a determination' }).trim().min(1, 'choose a determination').max(64),
    comment,
  }),
  setStatus: stormRef.extend({
    status: z.enum(STATUSES, { message: `must be one of ${STATUSES.join(', ')}` }),
    comment,
  }),
};

export interface StormVerbDeps {
  triage: AlertUpdates;
  access: Pick<AccessService, 'permissionsOn'>;
  storms: StormControl;
  assignees: AssigneeResolver;
  clock: Clock;
  log: Logger;
}

/** One alert's change, as the normal use case makes it (with its own access and version checks). */
/** The most per-alert result lines an answer shows (the card has to stay within Teams' size limit). */
const MAX_RESULT_LINES = 25;

type Change = (alert: { alertId: string; version: string }) => Promise<UpdateResult>;

/**
 * The storm card's actions (`storm.assignToMe`, `storm.assign`, `storm.classify`, `storm.setStatus`):
 * the action is applied to each alert of the storm in turn through the same use case as the alert card's
 * button, with that alert's own access and version checks, and the clicking user gets the storm card with
 * what happened to each alert (done, or refused and why); both cover only the alerts that user may see.
 * A click on an older revision of the storm card changes nothing and gets the current card.
 */
export function stormVerbs(deps: StormVerbDeps): Inputs {
  const { triage, assignees } = deps;
  return {
    verbs: [
      cardVerb('storm.assignToMe', ['alert.assign'], stormRef, (c) =>
        applyToStorm(deps, c, (a) => triage.assign(c.actor, { ...a, assignee: c.actor.id })),
      ),
      cardVerb('storm.assign', ['alert.assign'], schemas.assign, async (c) => {
        const assignee = await assignees.resolve(c.data.assignee, c.teamId);
        return applyToStorm(deps, c, (a) => triage.assign(c.actor, { ...a, assignee }));
      }),
      cardVerb('storm.classify', ['alert.classify'], schemas.classify, (c) => {
        const { classification, determination, comment } = c.data;
        return applyToStorm(deps, c, (a) => triage.classify(c.actor, { ...a, classification, determination, comment }));
      }),
      cardVerb('storm.setStatus', ['alert.setStatus'], schemas.setStatus, (c) => {
        const { status, comment } = c.data;
        return applyToStorm(deps, c, (a) => triage.setStatus(c.actor, { ...a, status, comment }));
      }),
    ],
  };
}

async function applyToStorm(deps: StormVerbDeps, click: Click<StormRefData>, change: Change): Promise<Answer> {
  const { storms, log } = deps;
  const { stormId, revision } = click.data;
  const members = await visibleMembers(deps, click, stormId);
  if (storms.get(stormId)!.revision !== revision) {
    const lines = [click.i18n.t('storm.stale')];
    return cardAnswer(stormCard(deps, stormId, click, { done: 0, refused: 0, lines, tone: 'warning' }, members));
  }
  // What the card showed: each alert at the version drawn, so one changed meanwhile is refused as stale.
  const outcome = await answerWithin(eachOf(members, change, click, log), async () => undefined, log, { stormId });
  // Past the deadline the changes go on; the storm card updates for everyone as they are stored.
  if (!outcome) return noticeAnswer(click.i18n.t('notices.stillWorking'));
  const now = await visibleMembers(deps, click, stormId);
  return cardAnswer(stormCard(deps, stormId, click, outcome, now));
}

/**
 * The storm's alerts the clicking user may see (newest first), as the storm card draws them: an action
 * and its answer cover only these, and the others are left out without a trace. None (or no such storm)
 * is answered like an alert that does not exist: a forged click learns nothing.
 */
async function visibleMembers({ storms, access }: StormVerbDeps, { actor }: Click<unknown>, stormId: string) {
  const members = storms.get(stormId) ? storms.membersOf(stormId) : [];
  const seen = await Promise.all(members.map(async (a) => (await access.permissionsOn(actor, a)).has('alert.view')));
  const visible = members.filter((_, i) => seen[i]);
  if (visible.length === 0) throw new TriageError('not-found', ALERT_NOT_FOUND);
  return visible;
}

/** Applies the change to each alert in turn; a refusal is that alert's result, never the others'. */
async function eachOf(members: readonly Alert[], change: Change, { i18n }: Click<unknown>, log: Logger) {
  const doneLines: string[] = [];
  const refusedLines: string[] = [];
  let done = 0;
  for (const alert of members) {
    const title = alert.title;
    try {
      const result = await change({ alertId: alert.id, version: alert.lastUpdatedAt });
      done++;
      doneLines.push(i18n.t('storm.resultDone', { title, outcome: outcomeText(result, i18n) }));
    } catch (e) {
      if (!isTriageError(e)) log.error({ err: e, alertId: alert.id }, 'a storm action failed on one alert');
      const error = isTriageError(e) ? e : new TriageError('unavailable', 'Not available right now.');
      refusedLines.push(i18n.t('storm.resultRefused', { title, reason: triageErrorText(error, i18n) }));
    }
  }
  const summary = i18n.t('storm.results', { done, refused: members.length - done });
  // Refusals first (what needs a look), then what was done; a long storm's list is cut, with the rest counted.
  const lines = [...refusedLines, ...doneLines];
  const more =
    lines.length > MAX_RESULT_LINES ? [i18n.t('lists.more', { count: lines.length - MAX_RESULT_LINES })] : [];
  const shown = [summary, ...lines.slice(0, MAX_RESULT_LINES), ...more];
  return { done, refused: members.length - done, lines: shown } satisfies StormResults;
}

function stormCard(
  deps: StormVerbDeps,
  stormId: string,
  { i18n }: Click<unknown>,
  results: StormResults,
  members: readonly Alert[],
) {
  const storm = deps.storms.get(stormId)!;
  const view = { stormId, revision: storm.revision, policyName: storm.policyName, members };
  return renderStormCard(view, { i18n, now: deps.clock.now(), results });
}
