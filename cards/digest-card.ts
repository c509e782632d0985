import { Messages } from '../src/i18n/messages.js';
import type { Translator } from '../src/i18n/translator.js';
import type { DigestView } from '../src/triage/digest/digest-service.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { plain } from './digest-format.js';
import { leadSection } from './digest-lead.js';
import {
  assigneesSection,
  last24hSection,
  note,
  openSection,
  policiesSection,
  unitsSection,
  weekSection,
} from './digest-sections.js';
import type { DigestVerb } from './digest-verbs.js';
import { clockTime, dayLabel } from './reader-dates.js';

/**
 * The daily digest as one Adaptive Card 1.5, in its reader's language (a personal digest: the recipient's;
 * a channel's: English) with its day and times in the digest's own zone (the subscription's). It leads
 * with what needs doing (past SLA, unassigned high, oldest open, each with its button), then the rest
 * grouped and short, with charts where a picture reads faster (each chart falls back to a table with the
 * same numbers). Phone first: stacked sections, narrow tables. A quiet day gets a short card. Without a
 * reader (benchmarks, scripts) it is English.
 */
export function renderDigestCard(view: DigestView, i18n: Translator = new Messages().translator()): AdaptiveCard {
  const { digest: d } = view;
  const asOf = i18n.t('digest.asOf', {
    scope: scopeWords(view, i18n),
    time: clockTime(i18n, d.generatedAt, d.timeZone),
    zone: d.timeZone,
  });
  const header = [
    {
      type: 'TextBlock',
      text: i18n.t('digest.title', { day: dayLabel(i18n, d.generatedAt, d.timeZone) }),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    { type: 'TextBlock', text: asOf, isSubtle: true, size: 'Small', spacing: 'None', wrap: true },
  ];
  const rest = d.quiet ? [{ ...note(i18n.t('digest.quietDay')), spacing: 'Medium' }] : fullBody(view, i18n);
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [...header, ...leadSection(view, i18n), ...rest],
    actions: digestActions(view, i18n),
  };
}

/** "all administrative units", "AU EMEA and APAC"; a digest queued by an older version has only its English words. */
function scopeWords({ scope, scopeLabel }: DigestView, i18n: Translator): string {
  if (scope?.kind === 'all') return i18n.t('digest.scope.all');
  if (scope?.kind === 'none') return i18n.t('digest.scope.none');
  if (scope?.kind === 'units' && Array.isArray(scope.names))
    return i18n.t('digest.scope.units', { units: plain(i18n.list(scope.names.map(String))) });
  return plain(String(scopeLabel ?? ''));
}

function fullBody(view: DigestView, i18n: Translator): unknown[] {
  return [openSection, last24hSection, weekSection, policiesSection, assigneesSection, unitsSection].flatMap(
    (section) => section(view, i18n),
  );
}

/** The lead rows carry the SLA and unassigned-high lists; the card keeps the full unassigned list and the portal. */
function digestActions(view: DigestView, i18n: Translator): unknown[] {
  const data = view.channelId ? { channelId: view.channelId } : {};
  const execute = (title: string, verb: DigestVerb) => ({ type: 'Action.Execute', title, verb, data });
  return [
    execute(i18n.t('digest.showUnassigned'), 'digest.unassigned'),
    { type: 'Action.OpenUrl', title: i18n.t('digest.openInDefender'), url: view.defenderUrl },
  ];
}
