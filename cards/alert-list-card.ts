import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { md, oneLine } from './card-text.js';

const SEVERITY_COLOR: Record<string, string> = {
  high: 'Attention',
  medium: 'Warning',
  low: 'Accent',
  informational: 'Default',
  unknown: 'Default',
};
const MAX_ITEMS = 25;

/** The reader's language, and extras of a list: a link to each alert's thread when known, and card-level buttons. */
export interface AlertListOptions {
  i18n: Translator;
  threadUrl?: (alert: Alert) => string | undefined;
  actions?: Record<string, unknown>[];
}

/**
 * A compact list of alerts (e.g. `my alerts`): one line of severity, title, status and age each, with
 * an Open button that turns the list into that alert's card for the clicking user (and, with
 * `threadUrl`, a link to the alert's thread in its triage channel).
 */
export function renderAlertListCard(
  heading: string,
  alerts: readonly Alert[],
  now: Date,
  empty: string,
  options: AlertListOptions,
): AdaptiveCard {
  const { i18n } = options;
  const items = alerts.slice(0, MAX_ITEMS).map((a) => listItem(a, now, options));
  const more =
    alerts.length > MAX_ITEMS
      ? [
          {
            type: 'TextBlock',
            text: i18n.t('lists.more', { count: alerts.length - MAX_ITEMS }),
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

/** One alert of the list: severity and title, status · age · workload, Open (and Go to thread). */
function listItem(a: Alert, now: Date, { i18n, threadUrl }: AlertListOptions): Record<string, unknown> {
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
            verb: 'alert.refresh',
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
