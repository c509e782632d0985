import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import type { Incident } from '../src/triage/incidents/incident.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { classificationWord, determinationWord, severityWord, statusWord } from './alert-words.js';
import { md, oneLine } from './card-text.js';
import { factRows } from './fact-rows.js';
import { incidentActions, type IncidentActionVerb } from './incident-card-actions.js';
import { incidentStatusWord, sourceWord } from './incident-words.js';

/** One reader's view of an incident: the alerts of it they may see, and the actions they may use. */
export interface IncidentCardView {
  incident: Incident;
  /** Only the alerts the reader may see: the card says nothing of the others, not even how many. */
  alerts: readonly Alert[];
  allowed: ReadonlySet<IncidentActionVerb>;
  i18n: Translator;
  notice?: { text: string; tone: 'info' | 'warning' };
  /** The alert card it was opened from: the card offers the way back to it. */
  fromAlertId?: string;
  /** Display names by lower-cased principal name: owners and assignees are shown by name where known. */
  names?: ReadonlyMap<string, string>;
  /** Whether this bot shows the alert's card (its product is in ALERT_SOURCES): only those get Open. */
  openable?: (alert: Alert) => boolean;
}

const MAX_ALERTS = 25;

/**
 * The per-user incident card (Adaptive Card 1.5): name, severity, status, owner, tags, classification,
 * the link to the Defender portal, the reader's alerts of it (each with Open), and one form per action
 * they may use. Pure; every piece of backend or user text is escaped.
 */
export function renderIncidentCard(view: IncidentCardView): AdaptiveCard {
  const { incident, i18n } = view;
  // A principal name as the card shows it: the person's display name where the directory gave one.
  const person = (upn: string): string => view.names?.get(upn.toLowerCase()) ?? upn;
  const name = oneLine(incident.displayName, 250) || i18n.t('incident.id', { id: incident.id });
  const body: unknown[] = [
    ...(view.notice ? [text(md(oneLine(view.notice.text, 500)), { weight: 'Bolder', color: 'Accent' })] : []),
    text(md(name), { size: 'Medium', weight: 'Bolder' }),
    text(md(i18n.t('incident.id', { id: oneLine(incident.id, 100) })), { isSubtle: true, spacing: 'None' }),
    { type: 'Container', items: factRows(facts(incident, i18n, person)) },
    text(i18n.t('incident.yourAlerts'), { weight: 'Bolder', separator: true }),
    ...view.alerts.slice(0, MAX_ALERTS).map((a) => alertRow(a, i18n, person, view.openable?.(a) ?? true)),
  ];
  const link = safeUrl(incident.incidentUrl);
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: i18n.t('incident.fallback', { name: oneLine(name, 100) }),
    body,
    actions: [
      ...incidentActions(incident, view.allowed, i18n, view.fromAlertId),
      ...(link ? [{ type: 'Action.OpenUrl', title: i18n.t('incident.openInDefender'), url: link }] : []),
    ],
  } as AdaptiveCard;
}

/** Open: the alert's card in the reader's chat. */
function openAction(alert: Alert, i18n: Translator) {
  const open = {
    type: 'Action.Execute',
    title: i18n.t('incident.open'),
    verb: 'alert.open',
    data: { alertId: alert.id },
  };
  return { type: 'ActionSet', actions: [open] };
}

function facts(incident: Incident, i18n: Translator, person: (upn: string) => string) {
  const tags = [...incident.customTags, ...incident.systemTags].map((t) => oneLine(t, 50));
  const determination = determinationWord(i18n, incident.determination);
  const classification = classificationWord(i18n, incident.classification);
  return [
    { title: i18n.t('incident.fact.severity'), value: md(severityWord(i18n, incident.severity)) },
    { title: i18n.t('incident.fact.status'), value: md(incidentStatusWord(i18n, incident.status)) },
    {
      title: i18n.t('incident.fact.owner'),
      value: md(incident.assignedTo ? oneLine(person(incident.assignedTo), 120) : i18n.t('incident.unassigned')),
    },
    { title: i18n.t('incident.fact.tags'), value: md(tags.length ? tags.join(', ') : i18n.t('incident.noTags')) },
    {
      title: i18n.t('incident.fact.classification'),
      value: md(
        incident.classification !== 'unknown' && determination
          ? `${classification} · ${determination}`
          : classification,
      ),
    },
  ];
}

/** One alert: its title, "severity · source · status · assignee", and Open (its card in the reader's chat). */
function alertRow(alert: Alert, i18n: Translator, person: (upn: string) => string, open: boolean) {
  const line = i18n.t('incident.alertLine', {
    severity: severityWord(i18n, alert.severity),
    source: sourceWord(i18n, alert.source ?? 'dataLossPrevention'),
    status: statusWord(i18n, alert.status),
    assignee: alert.assignedTo ? oneLine(person(alert.assignedTo), 80) : i18n.t('incident.unassigned'),
  });
  return {
    type: 'Container',
    separator: true,
    items: [
      text(md(oneLine(alert.title, 200)), { weight: 'Bolder' }),
      text(md(line), { isSubtle: true, spacing: 'None', size: 'Small' }),
      ...(open ? [openAction(alert, i18n)] : []),
    ],
  };
}

function text(value: string, extra: Record<string, unknown> = {}) {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

/** The portal link only when it is an https URL (it comes from the backend). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}
