import { renderInvestigatingCard, renderInvestigationCard } from '../../cards/investigation-card.js';
import type { PersonalChats } from '../../src/delivery/personal-chats.js';
import type { Logger } from '../../src/logger.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import { findAlert } from '../../src/triage/alert-lookup.js';
import type { InvestigationService } from '../../src/triage/investigation/investigation-service.js';
import type { AlertNotifier, AlertStore } from '../../src/triage/ports.js';
import { TriageError } from '../../src/triage/triage-error.js';
import { answerWithin } from '../answer-deadline.js';
import { cardAnswer, noticeAnswer } from '../registry/answer.js';
import { alertRefSchema, cardVerb } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';
import { textCommand, type TextCommandSpec } from '../registry/text-command.js';
import { alertIdArg } from './arguments.js';

export const INVESTIGATE_COMMAND = {
  name: 'investigate',
  usage: 'investigate <alertId>',
  description:
    "The alert's investigation: the user's activity around it, related alerts, history, evidence (personal chat).",
  permission: 'alert.investigate',
  parse: alertIdArg,
  menu: "investigate <alertId>: the user's activity, related alerts and history",
  personalOnly: true,
} satisfies TextCommandSpec<string>;

export interface InvestigationInputDeps {
  investigations: Pick<InvestigationService, 'investigate'>;
  store: Pick<AlertStore, 'get'>;
  access: Pick<AccessService, 'authorize'>;
  chats: Pick<PersonalChats, 'get'>;
  notifier: Pick<AlertNotifier, 'sendToUser'>;
  log: Logger;
}

/**
 * `alert.investigate` (and `investigate <alertId>` in a personal chat): the per-user investigation card.
 * Past the invoke deadline the clicker gets a card that Teams refreshes by itself for them (and a button),
 * which then finds what was gathered meanwhile; it says nothing of the alert, whose access may not be
 * checked yet. `alert.open` sends a related alert's card to the clicker's personal chat, leaving the
 * investigation in place.
 */
export function investigationInputs(deps: InvestigationInputDeps): Inputs {
  const { investigations, log } = deps;
  return {
    verbs: [
      cardVerb('alert.investigate', ['alert.investigate'], alertRefSchema, async ({ actor, data, i18n }) => {
        const work = investigations
          .investigate(actor, data.alertId)
          .then((i) => cardAnswer(renderInvestigationCard(i, i18n)));
        const late = async () => cardAnswer(renderInvestigatingCard(data.alertId, actor.teamsUserId, i18n));
        return answerWithin(work, late, log, { alertId: data.alertId });
      }),
      cardVerb('alert.open', ['alert.view'], alertRefSchema, async ({ actor, data, i18n }) => {
        const alert = await findAlert(deps.store, data.alertId);
        await deps.access.authorize(actor, 'alert.view', alert);
        if (!deps.chats.get(actor.id)) {
          throw new TriageError(
            'invalid',
            'I can send the card only to your personal chat with me: open a chat with DLP Triage first, then click Open again.',
            { key: 'investigation.needPersonalChat' },
          );
        }
        await deps.notifier.sendToUser(actor.id, {
          payload: { kind: 'alertCard', alertId: alert.id, forUserId: actor.id },
        });
        return noticeAnswer(i18n.t('investigation.sentToChat'));
      }),
    ],
    textCommands: [
      textCommand(INVESTIGATE_COMMAND, async ({ actor, args, conversationType, i18n }) => {
        if (conversationType !== 'personal') {
          throw new TriageError(
            'invalid',
            'An investigation names the user and what they did: ask me in a personal chat (investigate <alertId>).',
            { key: 'investigation.personalOnly' },
          );
        }
        return cardAnswer(renderInvestigationCard(await investigations.investigate(actor, args), i18n));
      }),
    ],
  };
}
