import { OPEN_HERE_VERB } from '../../cards/card-verbs.js';
import type { OutboxNotifier } from '../../src/delivery/outbox-notifier.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import { findAlert } from '../../src/triage/alert-lookup.js';
import type { AlertStore } from '../../src/triage/ports.js';
import { TriageError } from '../../src/triage/triage-error.js';
import { noticeAnswer } from '../registry/answer.js';
import { alertRefSchema, cardVerb } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';
import type { ChannelScope } from './channel-scope.js';

const ON_ITS_WAY = "The alert's card is on its way, as a new message below.";
const NOWHERE = 'Teams did not say where this list is, so I cannot send the card there. Ask me for it with alert <id>.';

export interface OpenVerbDeps {
  store: Pick<AlertStore, 'get'>;
  access: Pick<AccessService, 'authorize'>;
  scope: Pick<ChannelScope, 'ensureShows'>;
  notifier: Pick<OutboxNotifier, 'sendToConversation'>;
}

/**
 * `alert.openHere` (Open in `my alerts` and the digest's lists): the alert's card as a new message in the
 * conversation the list is in, through the outbox, leaving the list in place (the click is answered with
 * a short message, not a card). In a personal chat the card is the clicker's own view; anywhere else
 * everyone there reads it, so it is the summary card, and in a channel bound to administrative units only
 * for alerts inside them. Who may see it is checked now, and again when the card is drawn.
 */
export function openVerbs({ store, access, scope, notifier }: OpenVerbDeps): Inputs {
  return {
    verbs: [
      cardVerb(OPEN_HERE_VERB, ['alert.view'], alertRefSchema, async ({ actor, data, conversation, teamId }) => {
        const alert = await findAlert(store, data.alertId);
        await access.authorize(actor, 'alert.view', alert);
        if (!conversation) throw new TriageError('invalid', NOWHERE);
        const { address, channelId } = conversation;
        if (conversation.type === 'personal') {
          await notifier.sendToConversation(address, {
            payload: { kind: 'alertCard', alertId: alert.id, forUserId: actor.id },
          });
          return noticeAnswer(ON_ITS_WAY);
        }
        if (channelId) await scope.ensureShows({ channelId }, alert);
        await notifier.sendToConversation(address, {
          payload: { kind: 'alertSummary', alertId: alert.id, teamId, channelId },
        });
        return noticeAnswer(ON_ITS_WAY);
      }),
    ],
  };
}
