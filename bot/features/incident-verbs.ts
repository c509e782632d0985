import type { Logger } from '../../src/logger.js';
import type { Directory } from '../../src/triage/ports.js';
import type { IncidentResult, IncidentService } from '../../src/triage/incidents/incident-service.js';
import { isAlertId } from '../../src/triage/ids.js';
import { TriageError, isTriageError } from '../../src/triage/triage-error.js';
import { answerWithin } from '../answer-deadline.js';
import { triageErrorText } from '../answers.js';
import type { AssigneeResolver } from '../assignee-resolver.js';
import { noticeAnswer, type Answer } from '../registry/answer.js';
import { cardVerb, type Click } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';
import { textCommand, type TextCommandSpec } from '../registry/text-command.js';
import { oneWord } from './arguments.js';
import { incidentCardAnswer, incidentOutcomeText } from './incident-answers.js';
import { incidentRefSchema, incidentSchemas as schemas } from './incident-schemas.js';

const INCIDENT_ID_HELP =
  'That is not an incident id: incident ids are letters, digits, - and _ (e.g. 2972395). Copy it from the alert’s card or the Defender portal.';

export const INCIDENT_COMMAND = {
  name: 'incident',
  usage: 'incident <id>',
  description: "The incident's card: its alerts you may see and its actions (personal chat).",
  permission: 'alert.view',
  parse: oneWord.refine(isAlertId, INCIDENT_ID_HELP),
  menu: "incident <id>: the incident's card",
  personalOnly: true,
} satisfies TextCommandSpec<string>;

export interface IncidentVerbDeps {
  incidents: Pick<IncidentService, 'show' | 'assign' | 'setStatus' | 'classify' | 'comment' | 'tag'>;
  assignees: AssigneeResolver;
  log: Logger;
  /** The (cached) directory: owners and assignees by name on the incident card. */
  people?: Pick<Directory, 'getUser'>;
  /** ALERT_SOURCES: only alerts of these products get Open on the incident card. */
  sources?: ReadonlySet<string>;
}

/**
 * `incident.show` (from an alert card, and `incident <id>` in a personal chat) and the incident actions.
 * Each answers the clicking user with their incident card and a one-line notice; every card of the
 * incident's alerts is updated for everyone through the outbox. A stale click gets the current card.
 */
export function incidentVerbs(deps: IncidentVerbDeps): Inputs {
  const { incidents, assignees } = deps;
  const act = (c: Click<{ incidentId: string; alertId?: string }>, work: () => Promise<IncidentResult>) =>
    answerFor(deps, c, work);
  return {
    verbs: [
      cardVerb(
        'incident.show',
        ['alert.view'],
        incidentRefSchema,
        (c) => incidentCardAnswer(deps, c.actor, c.data.incidentId, c.i18n, undefined, c.data.alertId),
        { repeatable: true },
      ),
      cardVerb('incident.assign', ['alert.assign'], schemas.assign, (c) =>
        act(c, async () =>
          incidents.assign(c.actor, { ...c.data, assignee: await assignees.resolve(c.data.assignee, c.teamId) }),
        ),
      ),
      cardVerb('incident.setStatus', ['alert.setStatus'], schemas.setStatus, (c) =>
        act(c, () => incidents.setStatus(c.actor, c.data)),
      ),
      cardVerb('incident.classify', ['alert.classify'], schemas.classify, (c) =>
        act(c, () => incidents.classify(c.actor, { ...c.data, ...c.data.verdict })),
      ),
      cardVerb('incident.comment', ['alert.comment'], schemas.comment, (c) =>
        act(c, () => incidents.comment(c.actor, { ...c.data, text: c.data.comment })),
      ),
      cardVerb('incident.tag', ['alert.classify'], schemas.tag, (c) => act(c, () => incidents.tag(c.actor, c.data))),
    ],
    textCommands: [
      textCommand(INCIDENT_COMMAND, async ({ actor, args, conversationType, i18n }) => {
        if (conversationType !== 'personal') {
          throw new TriageError(
            'invalid',
            'An incident card lists the alerts you may see: ask me in a personal chat (incident <id>).',
            { key: 'incident.personalOnly' },
          );
        }
        return incidentCardAnswer(deps, actor, args, i18n);
      }),
    ],
  };
}

async function answerFor(
  deps: IncidentVerbDeps,
  { actor, data, i18n }: Click<{ incidentId: string; alertId?: string }>,
  work: () => Promise<IncidentResult>,
): Promise<Answer> {
  const { incidentId, alertId } = data;
  try {
    const outcome = await answerWithin(work(), async () => undefined, deps.log, { incidentId });
    if (!outcome) return noticeAnswer(i18n.t('notices.stillWorking'));
    const text = incidentOutcomeText(outcome, i18n);
    return await incidentCardAnswer(deps, actor, incidentId, i18n, { text, tone: 'info' }, alertId);
  } catch (e) {
    if (!isTriageError(e) || e.code !== 'stale') throw e;
    const notice = { text: triageErrorText(e, i18n), tone: 'warning' as const };
    return incidentCardAnswer(deps, actor, incidentId, i18n, notice, alertId);
  }
}
