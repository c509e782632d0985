import type { DigestView } from '../src/triage/digest/digest-service.js';
import { localDayLabel } from '../src/triage/digest/local-time.js';
import type { AdaptiveCard } from './adaptive-card.js';
import {
  assigneesSection,
  duration,
  openSection,
  plain,
  policiesSection,
  receivedSection,
  resolvedSection,
  speedSection,
  unitsSection,
} from './digest-sections.js';
import type { DigestVerb } from './digest-verbs.js';

/**
 * The daily digest as one Adaptive Card 1.5. Phone first: stacked headings and FactSets (no tables or
 * wide column sets), so it reads the same on a narrow screen. A quiet day gets a short card.
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
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [...header, ...(d.quiet ? quietBody(view) : fullBody(view))],
    actions: digestActions(view),
  };
}

function quietBody({ digest: d }: DigestView): unknown[] {
  const open = d.open;
  const still =
    open.total === 0
      ? 'Nothing is open.'
      : `Still open: ${open.total} (oldest ${ageOf(d.generatedAt, open.oldestCreatedAt)}), ${open.unassigned} unassigned, ${open.slaBreaches.total} past SLA.`;
  return [
    {
      type: 'TextBlock',
      text: 'A quiet day: no new DLP alerts and none resolved in the last 24 hours.',
      wrap: true,
      spacing: 'Medium',
    },
    { type: 'TextBlock', text: still, wrap: true, spacing: 'Small' },
  ];
}

function fullBody(view: DigestView): unknown[] {
  return [receivedSection, openSection, resolvedSection, policiesSection, assigneesSection, speedSection, unitsSection]
    .map((section) => section(view))
    .flat();
}

function digestActions(view: DigestView): unknown[] {
  const data = view.channelId ? { channelId: view.channelId } : {};
  const execute = (title: string, verb: DigestVerb) => ({ type: 'Action.Execute', title, verb, data });
  return [
    execute('Show unassigned', 'digest.unassigned'),
    execute('Show SLA breaches', 'digest.slaBreaches'),
    { type: 'Action.OpenUrl', title: 'Open in Defender', url: view.defenderUrl },
  ];
}

function ageOf(nowIso: string, thenIso: string | undefined): string {
  return thenIso ? duration(Date.parse(nowIso) - Date.parse(thenIso)) : 'unknown';
}
