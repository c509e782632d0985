import type { Alert, Severity } from '../src/triage/alert.js';
import { CLASSIFICATION_LABEL, SEVERITY_LABEL, STATUS_LABEL } from '../src/triage/alert-labels.js';
import { slaStateOf, type SlaState } from '../src/triage/alert-sla.js';
import type { SlaHours } from '../src/triage/digest/digest-rules.js';

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

const ASSIGNED_TO_YOU = 'Assigned to you';
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * The badges at the top of the card: severity (muted once resolved), the SLA state of an open alert with an
 * SLA (none without configured hours), and "Assigned to you" for the viewer.
 */
export function alertBadges(alert: Alert, now: Date, sla: SlaHours | undefined, assignedToViewer: boolean): Badge[] {
  const severity = Object.hasOwn(SEVERITY_STYLE, alert.severity) ? alert.severity : 'unknown';
  const badges: Badge[] = [
    {
      text: `${SEVERITY_LABEL[severity]} severity`,
      style: alert.status === 'resolved' ? 'emphasis' : SEVERITY_STYLE[severity],
    },
  ];
  const state = sla && slaStateOf(alert, now, sla);
  if (state) badges.push({ text: slaText(state), style: state.kind === 'past' ? 'attention' : 'emphasis' });
  if (assignedToViewer) badges.push({ text: ASSIGNED_TO_YOU, style: 'accent' });
  return badges;
}

/** "Past SLA by 2 h", "Due in 3 h", "Due now" (less than a minute left). */
export function slaText(state: SlaState): string {
  if (state.kind === 'past') return `Past SLA by ${formatSpan(state.ms)}`;
  return state.ms < MINUTE_MS ? 'Due now' : `Due in ${formatSpan(state.ms)}`;
}

/** A span in whole units, rounded down so it never says more than it is: "20 min", "47 h", "5 d" (at least 1 min). */
export function formatSpan(ms: number): string {
  if (ms < HOUR_MS) return `${Math.max(1, Math.floor(ms / MINUTE_MS))} min`;
  if (ms < 48 * HOUR_MS) return `${Math.floor(ms / HOUR_MS)} h`;
  return `${Math.floor(ms / (24 * HOUR_MS))} d`;
}

/** "Resolved · True positive" for a resolved alert (shown muted), else undefined. */
export function resolvedLine(alert: Alert): string | undefined {
  if (alert.status !== 'resolved') return undefined;
  const classification = CLASSIFICATION_LABEL[alert.classification] ?? CLASSIFICATION_LABEL.unknown;
  return `${STATUS_LABEL.resolved} · ${classification}`;
}
