import type { Translator } from '../src/i18n/translator.js';
import type { Alert, Severity } from '../src/triage/alert.js';
import { slaStateOf, type SlaState } from '../src/triage/alert-sla.js';
import type { SlaHours } from '../src/triage/digest/digest-rules.js';
import { classificationWord, severityWord, statusWord } from './alert-words.js';

/** Container styles of the Adaptive Cards 1.5 schema a badge may take. */
export type BadgeStyle = 'attention' | 'warning' | 'accent' | 'emphasis' | 'good';

/** A badge: a short text on a coloured container, so the colour is never the only carrier of its meaning. */
export interface Badge {
  text: string;
  style: BadgeStyle;
}

const SEVERITY_STYLE: Record<Severity, BadgeStyle> = {
  high: 'attention',
  medium: 'warning',
  low: 'accent',
  informational: 'emphasis',
  unknown: 'emphasis',
};

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The badges at the top of the card, in the reader's language: severity (muted once resolved), the SLA
 * state of an open alert with an SLA (none without configured hours), and "Assigned to you" for the viewer.
 */
export function alertBadges(
  alert: Alert,
  now: Date,
  sla: SlaHours | undefined,
  assignedToViewer: boolean,
  i18n: Translator,
): Badge[] {
  const severity = Object.hasOwn(SEVERITY_STYLE, alert.severity) ? alert.severity : 'unknown';
  const badges: Badge[] = [
    {
      text: i18n.t('alertCard.badge.severity', { severity: severityWord(i18n, severity) }),
      style: alert.status === 'resolved' ? 'emphasis' : SEVERITY_STYLE[severity],
    },
  ];
  const state = sla && slaStateOf(alert, now, sla);
  if (state) badges.push({ text: slaText(state, i18n), style: state.kind === 'past' ? 'attention' : 'emphasis' });
  if (assignedToViewer) badges.push({ text: i18n.t('alertCard.badge.assignedToYou'), style: 'accent' });
  return badges;
}

/** "Past SLA by 2 h", "Due in 3 h", "Due now" (less than a minute left), in the reader's language. */
export function slaText(state: SlaState, i18n: Translator): string {
  if (state.kind === 'past') return i18n.t('alertCard.badge.pastSla', { span: formatSpan(state.ms, i18n) });
  if (state.ms < MINUTE_MS) return i18n.t('alertCard.badge.dueNow');
  return i18n.t('alertCard.badge.dueIn', { span: formatSpan(state.ms, i18n) });
}

/**
 * A span in whole units, rounded down so it never says more than it is: "20 min", "47 h", "5 d" (at least
 * 1 min), each unit an ICU plural of the reader's language ("47 Std.", "5 Tage", "5 日").
 */
export function formatSpan(ms: number, i18n: Translator): string {
  if (ms < HOUR_MS) return i18n.t('alertCard.span.minutes', { n: Math.max(1, Math.floor(ms / MINUTE_MS)) });
  if (ms < 48 * HOUR_MS) return i18n.t('alertCard.span.hours', { n: Math.floor(ms / HOUR_MS) });
  return i18n.t('alertCard.span.days', { n: Math.floor(ms / (24 * HOUR_MS)) });
}

/** "Resolved · True positive" for a resolved alert (shown muted), else undefined. */
export function resolvedLine(alert: Alert, i18n: Translator): string | undefined {
  if (alert.status !== 'resolved') return undefined;
  return `${statusWord(i18n, 'resolved')} · ${classificationWord(i18n, alert.classification)}`;
}
