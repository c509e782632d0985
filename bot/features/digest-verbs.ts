import { z } from 'zod';
import { renderDigestCard } from '../../cards/digest-card.js';
import { LIST_LIMIT, renderAlertListCard, type AlertListOptions } from '../../cards/alert-list-card.js';
import type { DigestVerb } from '../../cards/digest-verbs.js';
import type { CardRegistry } from '../../src/delivery/card-registry.js';
import type { MessageKey } from '../../src/i18n/catalogue.js';
import type { Alert } from '../../src/triage/alert.js';
import type { DigestList, DigestService } from '../../src/triage/digest/digest-service.js';
import type { SlaHours } from '../../src/triage/digest/digest-rules.js';
import type { Clock, Directory } from '../../src/triage/ports.js';
import { displayNames } from '../../src/triage/display-names.js';
import { threadDeepLink } from '../thread-link.js';
import { cardAnswer } from '../registry/answer.js';
import { cardVerb } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';

/** Digest buttons carry at most the channel of a channel digest; it can only narrow what the clicker sees. */
const digestDataSchema = z.looseObject({ channelId: z.string().trim().min(1).max(512).optional() });

/** Each list's heading (with its count) and what it says when empty. */
const LISTS = {
  unassigned: { heading: 'digest.list.unassigned', empty: 'digest.list.unassignedEmpty' },
  unassignedHigh: { heading: 'digest.list.unassignedHigh', empty: 'digest.list.unassignedHighEmpty' },
  slaBreaches: { heading: 'digest.list.slaBreaches', empty: 'digest.list.slaBreachesEmpty' },
} as const satisfies Record<DigestList, { heading: MessageKey; empty: MessageKey }>;

/**
 * `digest.unassigned`, `digest.unassignedHigh` and `digest.slaBreaches` answer with a compact list (each
 * alert with an Open button and a link to its thread); `digest.show` brings the clicking user back to a
 * digest, rebuilt as of now.
 * Whose alerts: always the clicking user's (from the activity), never the data's. Not alert-card verbs,
 * so they name no permission for cards to offer them by (the digest service checks `digest.receive`).
 */
export function digestVerbs(
  digests: DigestService,
  threads: Pick<CardRegistry, 'get'>,
  clock: Clock,
  people: { directory: Pick<Directory, 'getUser'>; sla: SlaHours },
): Inputs {
  const list = (verb: DigestVerb, which: DigestList) =>
    cardVerb(verb, undefined, digestDataSchema, async ({ actor, data, i18n }) => {
      const alerts = await digests.list(actor, which, data.channelId);
      const sla = which === 'slaBreaches' ? await slaRows(alerts, people) : undefined;
      const { heading, empty } = LISTS[which];
      const back = {
        type: 'Action.Execute',
        title: i18n.t('digest.backToDigest'),
        verb: 'digest.show' satisfies DigestVerb,
        data: data.channelId ? { channelId: data.channelId } : {},
      };
      const threadUrl = (a: Alert) => {
        const card = threads.get(a.id);
        return card ? threadDeepLink(card) : undefined;
      };
      const options = { threadUrl, actions: [back], sla, i18n };
      const title = i18n.t(heading, { count: alerts.length });
      return cardAnswer(renderAlertListCard(title, alerts, clock.now(), i18n.t(empty), options));
    });
  return {
    verbs: [
      list('digest.unassigned', 'unassigned'),
      list('digest.unassignedHigh', 'unassignedHigh'),
      list('digest.slaBreaches', 'slaBreaches'),
      // Answered to the clicker alone (an invoke answer), so in their language even for a channel's digest.
      cardVerb('digest.show', undefined, digestDataSchema, async ({ actor, data, i18n }) =>
        cardAnswer(renderDigestCard(await digests.view(actor, data.channelId), i18n)),
      ),
    ],
  };
}

/** What an SLA list's rows add: the SLA, and the assignees' display names (from the directory, by UPN). */
async function slaRows(
  alerts: readonly Alert[],
  { directory, sla }: { directory: Pick<Directory, 'getUser'>; sla: SlaHours },
): Promise<AlertListOptions['sla']> {
  // An assignee the directory cannot name now is shown by UPN: the list still answers.
  const names = await displayNames(
    directory,
    alerts.slice(0, LIST_LIMIT).map((a) => a.assignedTo),
  );
  return { hours: sla, assigneeName: (a) => (a.assignedTo ? names.get(a.assignedTo.toLowerCase()) : undefined) };
}
