import type { DigestView } from '../src/triage/digest/digest-service.js';
import { localDayLabel } from '../src/triage/digest/local-time.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { leadSection } from './digest-lead.js';
import {
  assigneesSection,
  last24hSection,
  note,
  openSection,
  plain,
  policiesSection,
  unitsSection,
  weekSection,
} from './digest-sections.js';
import { DIGEST_TEXT as T } from './digest-text.js';
import type { DigestVerb } from './digest-verbs.js';

/**
 * The daily digest as one Adaptive Card 1.5. It leads with what needs doing (past SLA, unassigned high,
 * oldest open, each with its button), then the rest grouped and short, with charts where a picture reads
 * faster (each chart falls back to a table with the same numbers). Phone first: stacked sections, narrow
 * tables. A quiet day gets a short card.
 */
export function renderDigestCard(view: DigestView): AdaptiveCard {
  const { digest: d } = view;
  const header = [
    {
      type: 'TextBlock',
      text: `DLP digest · ${localDayLabel(new Date(d.generatedAt), d.timeZone)}`,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: `${plain(view.scopeLabel)} · as of ${d.localTime} ${d.timeZone}`,
      isSubtle: true,
      size: 'Small',
      spacing: 'None',
      wrap: true,
    },
  ];
  const rest = d.quiet ? [{ ...note(T.quietDay), spacing: 'Medium' }] : fullBody(view);
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [...header, ...leadSection(view), ...rest],
    actions: digestActions(view),
  };
}

function fullBody(view: DigestView): unknown[] {
  return [openSection, last24hSection, weekSection, policiesSection, assigneesSection, unitsSection].flatMap(
    (section) => section(view),
  );
}

/** The lead rows carry the SLA and unassigned-high lists; the card keeps the full unassigned list and the portal. */
function digestActions(view: DigestView): unknown[] {
  const data = view.channelId ? { channelId: view.channelId } : {};
  const execute = (title: string, verb: DigestVerb) => ({ type: 'Action.Execute', title, verb, data });
  return [
    execute(T.showUnassigned, 'digest.unassigned'),
    { type: 'Action.OpenUrl', title: T.openInDefender, url: view.defenderUrl },
  ];
}
