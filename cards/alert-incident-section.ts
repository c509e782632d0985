import type { Translator } from '../src/i18n/translator.js';
import type { IncidentContext } from '../src/triage/incidents/incident-context.js';
import { severityWord } from './alert-words.js';
import { md, oneLine } from './card-text.js';
import { safeUrl } from './incident-card.js';
import { incidentStatusWord, sourceWord } from './incident-words.js';

const MAX_TAGS_SHOWN = 10;

/**
 * The alert card's incident section as template data, in the reader's language: "Incident: <name>",
 * "High · Active · 3 alerts, with 2 Defender for Endpoint alerts", its custom tags, Show incident and the
 * Defender portal link. Pure; every name and tag is escaped.
 */
export function incidentSectionData(context: IncidentContext | undefined, i18n: Translator) {
  if (!context) return { hasIncident: false, incident: EMPTY };
  const count = i18n.t('incident.section.count', { count: context.alertCount });
  const others = context.otherSources.map(({ source, count: n }) =>
    i18n.t('incident.section.sourceCount', { count: n, source: sourceWord(i18n, source) }),
  );
  const alerts = others.length ? i18n.t('incident.section.with', { count, others: i18n.list(others) }) : count;
  const summary = [severityWord(i18n, context.severity), incidentStatusWord(i18n, context.status), alerts].join(' · ');
  const tags = context.customTags.slice(0, MAX_TAGS_SHOWN).map((t) => oneLine(t, 50));
  const url = safeUrl(context.url);
  return {
    hasIncident: true,
    incident: {
      id: context.id,
      title: md(i18n.t('incident.section.title', { name: oneLine(context.name, 200) })),
      summary: md(summary),
      hasTags: tags.length > 0,
      tags: md(i18n.t('incident.section.tags', { tags: tags.join(', ') })),
      showTitle: i18n.t('incident.section.show'),
      hasUrl: !!url,
      url: url ?? '',
      linkTitle: i18n.t('incident.section.link'),
    },
  };
}

const EMPTY = {
  id: '',
  title: '',
  summary: '',
  hasTags: false,
  tags: '',
  showTitle: '',
  hasUrl: false,
  url: '',
  linkTitle: '',
};
