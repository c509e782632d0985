import type { Investigation } from '../src/triage/investigation/investigation.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { md, oneLine } from './card-text.js';
import {
  activitySection,
  evidenceSection,
  historySection,
  querySection,
  relatedSection,
  text,
} from './investigation-sections.js';

/**
 * The per-user investigation card of an alert (Adaptive Card 1.5): what the user did around it, the
 * related alerts the reader may see, the user's history, the evidence, and the hunting query. It names
 * the user and objects (files, recipients), like Details, so it is only ever answered to one person.
 */
export function renderInvestigationCard(i: Investigation): AdaptiveCard {
  const { alert } = i;
  const user = alert.subject?.displayName || alert.subject?.userPrincipalName || 'no user';
  const body = [
    text(`Investigation · ${md(oneLine(alert.title, 200))}`, { weight: 'Bolder', size: 'Medium' }),
    text(`${md(user)} · ${md(alert.policyName ?? alert.workload)}`, { isSubtle: true, spacing: 'None' }),
    ...i.problems.map((p) => text(md(p), { color: 'Accent', size: 'Small' })),
    activitySection(i.activity, i.window),
    ...relatedSection('Same incident', i.related.incident),
    ...relatedSection('Same user, last 30 days', i.related.user),
    ...relatedSection('Same file, last 30 days', i.related.file),
    ...historySection(i.history),
    ...evidenceSection(i.evidence),
    ...querySection(i.kql),
  ];
  const data = { alertId: alert.id };
  const retry = i.activity.kind === 'unavailable' || i.problems.length > 0;
  const actions = [
    ...(i.huntingUrl ? [{ type: 'Action.OpenUrl', title: 'Open in advanced hunting', url: i.huntingUrl }] : []),
    ...(retry ? [{ type: 'Action.Execute', title: 'Try again', verb: 'alert.investigate', data }] : []),
    { type: 'Action.Execute', title: 'Back to the alert', verb: 'alert.refresh', data },
  ];
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: `Investigation of the DLP alert ${oneLine(alert.title, 100)}`,
    body,
    actions,
  };
}

/**
 * While the investigation is still being gathered: Teams refreshes it by itself for the clicker. It names
 * nothing of the alert: when it is shown, the clicker's access may not have been checked yet.
 */
export function renderInvestigatingCard(alertId: string, teamsUserId: string): AdaptiveCard {
  const action = {
    type: 'Action.Execute',
    title: 'Show the investigation',
    verb: 'alert.investigate',
    data: { alertId },
  };
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: 'Investigating…',
    refresh: { action, userIds: [teamsUserId] },
    body: [
      text('Investigating the alert…', { weight: 'Bolder' }),
      text(
        'Reading the activity and the related alerts takes a few seconds. Teams shows the result here by itself; if it does not, click below.',
      ),
    ],
    actions: [action],
  };
}
