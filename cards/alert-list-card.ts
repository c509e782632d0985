import type { Alert } from '../src/triage/alert.js';
import { statusLabel } from '../src/triage/alert-labels.js';
import { HOUR_MS, slaHoursOf, type SlaHours } from '../src/triage/digest/digest-rules.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { OPEN_HERE_VERB } from './card-verbs.js';
import { formatAge, md, oneLine } from './card-text.js';
import { duration } from './digest-sections.js';

/** As on the alert card: Default and Accent are the only text colours that pass AA in every Teams theme. */
const SEVERITY_COLOR: Record<string, string> = {
  high: 'Accent',
  medium: 'Default',
  low: 'Default',
  informational: 'Default',
  unknown: 'Default',
};
const UNASSIGNED = 'Unassigned';
const pastSla = (by: string) => `past SLA by ${by}`;
/** The most alerts a list shows (the rest are counted). */
export const LIST_LIMIT = 25;

/** Extras of a list: a link to each alert's thread when known, card-level buttons, SLA rows. */
export interface AlertListOptions {
  threadUrl?: (alert: Alert) => string | undefined;
  actions?: Record<string, unknown>[];
  /** An SLA list: each row also says who has the alert (display name) and how long past its SLA it is. */
  sla?: { hours: SlaHours; assigneeName: (alert: Alert) => string | undefined };
}

/**
 * A compact list of alerts (e.g. `my alerts`): one line of severity, title, status and age each, with
 * an Open button that sends that alert's card as a new message below, leaving the list where it is (and,
 * with `threadUrl`, a link to the alert's thread in its triage channel).
 */
export function renderAlertListCard(
  heading: string,
  alerts: readonly Alert[],
  now: Date,
  empty: string,
  options: AlertListOptions = {},
): AdaptiveCard {
  const items = alerts.slice(0, LIST_LIMIT).map((a) => ({
    type: 'Container',
    separator: true,
    items: [
      {
        type: 'TextBlock',
        text: `**${a.severity === 'unknown' ? 'Unknown' : a.severity[0]!.toUpperCase() + a.severity.slice(1)}** · ${md(a.title.length > 120 ? a.title.slice(0, 119) + '…' : a.title)}`,
        color: SEVERITY_COLOR[a.severity],
        wrap: true,
      },
      ...slaLine(a, now, options.sla),
      {
        type: 'TextBlock',
        text: `${statusLabel(a.status)} · detected ${formatAge(a.createdAt, now)} · ${a.workload}`,
        isSubtle: true,
        size: 'Small',
        spacing: 'None',
        wrap: true,
      },
      {
        type: 'ActionSet',
        actions: [
          {
            type: 'Action.Execute',
            title: 'Open',
            verb: OPEN_HERE_VERB,
            data: { alertId: a.id, version: a.lastUpdatedAt },
          },
          ...threadLink(options.threadUrl?.(a)),
        ],
      },
    ],
  }));
  const more =
    alerts.length > LIST_LIMIT
      ? [{ type: 'TextBlock', text: `…and ${alerts.length - LIST_LIMIT} more.`, isSubtle: true, wrap: true }]
      : [];
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: md(heading), weight: 'Bolder', size: 'Medium', wrap: true },
      ...(alerts.length === 0 ? [{ type: 'TextBlock', text: md(empty), wrap: true }] : items),
      ...more,
    ],
    ...(options.actions?.length ? { actions: options.actions } : {}),
  };
}

function threadLink(url: string | undefined): Record<string, unknown>[] {
  return url ? [{ type: 'Action.OpenUrl', title: 'Go to thread', url }] : [];
}

/** "Sam Analyst · past SLA by 3 h 20 min" (an SLA list's row); nothing for other lists. */
function slaLine(alert: Alert, now: Date, sla: AlertListOptions['sla']): Record<string, unknown>[] {
  if (!sla) return [];
  const hours = slaHoursOf(alert.severity, sla.hours);
  const overdue = hours === undefined ? undefined : now.getTime() - Date.parse(alert.createdAt) - hours * HOUR_MS;
  const who = alert.assignedTo ? (sla.assigneeName(alert) ?? alert.assignedTo) : UNASSIGNED;
  const parts = [md(oneLine(who, 80)), ...(overdue !== undefined && overdue > 0 ? [pastSla(duration(overdue))] : [])];
  return [{ type: 'TextBlock', text: parts.join(' · '), size: 'Small', spacing: 'None', wrap: true }];
}
