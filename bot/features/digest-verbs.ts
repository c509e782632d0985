import { z } from 'zod';
import { renderDigestCard } from '../../cards/digest-card.js';
import { renderAlertListCard } from '../../cards/alert-list-card.js';
import type { DigestVerb } from '../../cards/digest-verbs.js';
import type { CardRegistry } from '../../src/delivery/card-registry.js';
import type { Alert } from '../../src/triage/alert.js';
import type { DigestList, DigestService } from '../../src/triage/digest/digest-service.js';
import type { Clock } from '../../src/triage/ports.js';
import { threadDeepLink } from '../thread-link.js';
import { cardAnswer } from '../registry/answer.js';
import { cardVerb } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';

/** Digest buttons carry at most the channel of a channel digest; it can only narrow what the clicker sees. */
const digestDataSchema = z.looseObject({ channelId: z.string().trim().min(1).max(512).optional() });

const LISTS: Record<DigestList, { heading: string; empty: string }> = {
  unassigned: { heading: 'Unassigned open alerts', empty: 'No open alert is unassigned.' },
  slaBreaches: { heading: 'Open alerts past their SLA', empty: 'No open alert is past its SLA.' },
};

/**
 * `digest.unassigned` and `digest.slaBreaches` answer with a compact list (each alert with an Open button
 * and a link to its thread); `digest.show` brings the clicking user back to a digest, rebuilt as of now.
 * Whose alerts: always the clicking user's (from the activity), never the data's. Not alert-card verbs,
 * so they name no permission for cards to offer them by (the digest service checks `digest.receive`).
 */
export function digestVerbs(digests: DigestService, threads: Pick<CardRegistry, 'get'>, clock: Clock): Inputs {
  const list = (verb: DigestVerb, which: DigestList) =>
    cardVerb(verb, undefined, digestDataSchema, async ({ actor, data, i18n }) => {
      const alerts = await digests.list(actor, which, data.channelId);
      const { heading, empty } = LISTS[which];
      const back = {
        type: 'Action.Execute',
        title: 'Back to digest',
        verb: 'digest.show' satisfies DigestVerb,
        data: data.channelId ? { channelId: data.channelId } : {},
      };
      const threadUrl = (a: Alert) => {
        const card = threads.get(a.id);
        return card ? threadDeepLink(card) : undefined;
      };
      const options = { threadUrl, actions: [back], i18n };
      return cardAnswer(renderAlertListCard(`${heading} (${alerts.length})`, alerts, clock.now(), empty, options));
    });
  return {
    verbs: [
      list('digest.unassigned', 'unassigned'),
      list('digest.slaBreaches', 'slaBreaches'),
      cardVerb('digest.show', undefined, digestDataSchema, async ({ actor, data }) =>
        cardAnswer(renderDigestCard(await digests.view(actor, data.channelId))),
      ),
    ],
  };
}
