import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import { HOUR_MS, slaHoursOf, type SlaHours } from '../src/triage/digest/digest-rules.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { OPEN_HERE_VERB } from './card-verbs.js';
import { md, oneLine } from './card-text.js';
import { duration } from './digest-format.js';

/** As on the alert card: Default and Accent are the only text colours that pass AA in every Teams theme. */
const SEVERITY_COLOR: Record<string, string> = {
  high: 'Accent',
  medium: 'Default',
  low: 'Default',
  informational: 'Default',
  unknown: 'Default',
};

/** The most alerts a list shows (the rest are counted). */
export const LIST_LIMIT = 25;

/**
 * The reader's language, and extras of a list: a link to each alert's thread when known, card-level buttons, SLA rows.
 */
export interface AlertListOptions {
  i18n: Translator;
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
  options: AlertListOptions,
): AdaptiveCard {
  const { i18n } = options;
  const items = alerts.slice(0, LIST_LIMIT).map((a) => listItem(a, now, options));
  const more =
    alerts.length > LIST_LIMIT
      ? [
          {
            type: 'TextBlock',
            text: i18n.t('lists.more', { count: alerts.length - LIST_LIMIT }),
            isSubtle: true,
            wrap: true,
          },
        ]
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

/**
 * One alert of the list: severity and title, the SLA row of an SLA list, status · age · workload, Open (and Go to
 * thread).
 */
function listItem(a: Alert, now: Date, { i18n, threadUrl, sla }: AlertListOptions): Record<string, unknown> {
  return {
    type: 'Container',
    separator: true,
    items: [
      {
        type: 'TextBlock',
        text: `**${md(i18n.t(`labels.severity.${a.severity}`))}** · ${md(oneLine(a.title, 120))}`,
        color: SEVERITY_COLOR[a.severity],
        wrap: true,
      },
      ...slaLine(a, now, sla, i18n),
      {
        type: 'TextBlock',
        text: md(
          i18n.t('lists.line', {
            status: i18n.t(`labels.status.${a.status}`),
            age: i18n.ago(a.createdAt, now),
            workload: a.workload,
          }),
        ),
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
            title: i18n.t('lists.open'),
            verb: OPEN_HERE_VERB,
            data: { alertId: a.id, version: a.lastUpdatedAt },
          },
          ...threadLink(threadUrl?.(a), i18n),
        ],
      },
    ],
  };
}

function threadLink(url: string | undefined, i18n: Translator): Record<string, unknown>[] {
  return url ? [{ type: 'Action.OpenUrl', title: i18n.t('lists.goToThread'), url }] : [];
}

/** "Sam Analyst · past SLA by 3 h 20 min" (an SLA list's row); nothing for other lists. */
function slaLine(alert: Alert, now: Date, sla: AlertListOptions['sla'], i18n: Translator): Record<string, unknown>[] {
  if (!sla) return [];
  const hours = slaHoursOf(alert.severity, sla.hours);
  const overdue = hours === undefined ? undefined : now.getTime() - Date.parse(alert.createdAt) - hours * HOUR_MS;
  const who = alert.assignedTo ? (sla.assigneeName(alert) ?? alert.assignedTo) : i18n.t('lists.unassigned');
  const past = overdue !== undefined && overdue > 0 ? [i18n.t('lists.pastSla', { by: duration(overdue, i18n) })] : [];
  const parts = [md(oneLine(who, 80)), ...past];
  return [{ type: 'TextBlock', text: parts.join(' · '), size: 'Small', spacing: 'None', wrap: true }];
}
