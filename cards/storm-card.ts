import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { renderAlertListCard } from './alert-list-card.js';
import { md } from './card-text.js';
import { stormActions } from './storm-card-actions.js';

/** The storm card: which storm (and the revision drawn), its policy, and its alerts newest first. */
export interface StormCardView {
  stormId: string;
  revision: number;
  policyName: string;
  members: readonly Alert[];
}

/** What an action over the whole storm did, alert by alert (plain text lines; escaped here). */
export interface StormResults {
  done: number;
  refused: number;
  lines: readonly string[];
  tone?: 'info' | 'warning';
}

/**
 * The storm card in its channel: "12 more matches of Contoso PCI by the same user in 8 minutes" over the
 * folded alerts, newest first, each with Open (its own card as a new message), and the actions that apply
 * to all of them. A channel card: it names no one (only a user's own view of an alert says whose it is),
 * and the policy name and titles are escaped. With `results`, the answer to one person's action.
 */
export function renderStormCard(
  view: StormCardView,
  options: { i18n: Translator; now: Date; results?: StormResults },
): AdaptiveCard {
  const { i18n, now, results } = options;
  const heading = i18n.t('storm.heading', {
    count: view.members.length,
    policy: view.policyName,
    minutes: spanMinutes(view.members),
  });
  const ref = { stormId: view.stormId, revision: view.revision };
  // A storm always has a member: the empty text never shows.
  const card = renderAlertListCard(heading, view.members, now, heading, {
    i18n,
    actions: stormActions(ref, view.members.length, i18n),
  });
  const body = (card.body ?? []) as unknown[];
  return { ...card, fallbackText: heading, body: results ? [resultsBlock(results), ...body] : body };
}

function resultsBlock({ lines, tone }: StormResults): Record<string, unknown> {
  return {
    type: 'Container',
    style: tone === 'warning' ? 'warning' : 'emphasis',
    items: lines.map((line, i) => ({
      type: 'TextBlock',
      text: md(line),
      wrap: true,
      ...(i > 0 && { spacing: 'None', size: 'Small' }),
    })),
  };
}

/** Whole minutes from the first member's creation to the last one's; at least 1. */
function spanMinutes(members: readonly Alert[]): number {
  const times = members.map((a) => Date.parse(a.createdAt)).filter(Number.isFinite);
  if (times.length < 2) return 1;
  return Math.max(1, Math.ceil((Math.max(...times) - Math.min(...times)) / 60_000));
}
