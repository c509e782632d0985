import type { Alert } from '../src/triage/alert.js';
import { statusLabel } from '../src/triage/alert-labels.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { formatAge, md } from './card-text.js';

/** As on the alert card: Default and Accent are the only text colours that pass AA in every Teams theme. */
const SEVERITY_COLOR: Record<string, string> = {
  high: 'Accent',
  medium: 'Default',
  low: 'Default',
  informational: 'Default',
  unknown: 'Default',
};
const MAX_ITEMS = 25;

/** Extras of a list: a link to each alert's thread when known, and card-level buttons. */
export interface AlertListOptions {
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
  options: AlertListOptions = {},
): AdaptiveCard {
  const items = alerts.slice(0, MAX_ITEMS).map((a) => ({
    type: 'Container',
    separator: true,
    items: [
      {
        type: 'TextBlock',
        text: `**${a.severity === 'unknown' ? 'Unknown' : a.severity[0]!.toUpperCase() + a.severity.slice(1)}** · ${md(a.title.length > 120 ? a.title.slice(0, 119) + '…' : a.title)}`,
        color: SEVERITY_COLOR[a.severity],
        wrap: true,
      },
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
            verb: 'alert.refresh',
            data: { alertId: a.id, version: a.lastUpdatedAt },
          },
          ...threadLink(options.threadUrl?.(a)),
        ],
      },
    ],
  }));
  const more =
    alerts.length > MAX_ITEMS
      ? [{ type: 'TextBlock', text: `…and ${alerts.length - MAX_ITEMS} more.`, isSubtle: true, wrap: true }]
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
