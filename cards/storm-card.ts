import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { renderAlertListCard } from './alert-list-card.js';

/** The storm card: what it says about the storm, and the storm's alerts newest first. */
export interface StormCardView {
  policyName: string;
  members: readonly Alert[];
}

/**
 * The storm card in its channel: "12 more matches of Contoso PCI by the same user in 8 minutes" over the
 * folded alerts, newest first, each with Open (its own card as a new message). A channel card: it names
 * no one (only a user's own view of an alert says whose it is), and the policy name is escaped.
 */
export function renderStormCard(view: StormCardView, options: { i18n: Translator; now: Date }): AdaptiveCard {
  const { i18n, now } = options;
  const heading = i18n.t('storm.heading', {
    count: view.members.length,
    policy: view.policyName,
    minutes: spanMinutes(view.members),
  });
  // A storm always has a member: the empty text never shows.
  const card = renderAlertListCard(heading, view.members, now, heading, { i18n });
  return { ...card, fallbackText: heading };
}

/** Whole minutes from the first member's creation to the last one's; at least 1. */
function spanMinutes(members: readonly Alert[]): number {
  const times = members.map((a) => Date.parse(a.createdAt)).filter(Number.isFinite);
  if (times.length < 2) return 1;
  return Math.max(1, Math.ceil((Math.max(...times) - Math.min(...times)) / 60_000));
}
