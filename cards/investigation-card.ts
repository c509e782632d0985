import type { Translator } from '../src/i18n/translator.js';
import type { Investigation, InvestigationProblem } from '../src/triage/investigation/investigation.js';
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
 * The per-user investigation card of an alert (Adaptive Card 1.5), in the reader's language and time
 * zone: what the user did around it, the related alerts the reader may see, the user's history, the
 * evidence, and the hunting query. It names the user and objects (files, recipients), like Details, so it
 * is only ever answered to one person.
 */
export function renderInvestigationCard(i: Investigation, i18n: Translator): AdaptiveCard {
  const { alert } = i;
  const user = alert.subject?.displayName || alert.subject?.userPrincipalName || i18n.t('investigation.noUser');
  const body = [
    text(md(i18n.t('investigation.title', { title: oneLine(alert.title, 200) })), { weight: 'Bolder', size: 'Medium' }),
    text(`${md(user)} · ${md(alert.policyName ?? alert.workload)}`, { isSubtle: true, spacing: 'None' }),
    ...i.problems.map((p) => text(md(problemLine(p, i18n)), { color: 'Accent', size: 'Small' })),
    activitySection(i.activity, i.window, i18n),
    ...relatedSection('incident', i.related.incident, i18n),
    ...relatedSection('user', i.related.user, i18n),
    ...relatedSection('file', i.related.file, i18n),
    ...historySection(i.history, i18n),
    ...evidenceSection(i.evidence, i18n),
    ...querySection(i.kql, i18n),
  ];
  const data = { alertId: alert.id };
  const retry = i.activity.kind === 'unavailable' || i.problems.length > 0;
  const execute = (title: string, verb: string) => ({ type: 'Action.Execute', title, verb, data });
  const actions = [
    ...(i.huntingUrl
      ? [{ type: 'Action.OpenUrl', title: i18n.t('investigation.openInHunting'), url: i.huntingUrl }]
      : []),
    ...(retry ? [execute(i18n.t('investigation.tryAgain'), 'alert.investigate')] : []),
    execute(i18n.t('investigation.backToAlert'), 'alert.refresh'),
  ];
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: i18n.t('investigation.fallback', { title: oneLine(alert.title, 100) }),
    body,
    actions,
  };
}

/** "The user's alerts could not be read right now." and, when the backend refused, why. */
function problemLine({ part, code }: InvestigationProblem, i18n: Translator): string {
  const missing = i18n.t(`investigation.problem.${part}`);
  if (code !== 'forbidden') return missing;
  return i18n.t('investigation.twoSentences', { first: missing, second: i18n.t('investigation.problem.forbidden') });
}

/**
 * While the investigation is still being gathered: Teams refreshes it by itself for the clicker. It names
 * nothing of the alert: when it is shown, the clicker's access may not have been checked yet.
 */
export function renderInvestigatingCard(alertId: string, teamsUserId: string, i18n: Translator): AdaptiveCard {
  const action = {
    type: 'Action.Execute',
    title: i18n.t('investigation.waiting.show'),
    verb: 'alert.investigate',
    data: { alertId },
  };
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: i18n.t('investigation.waiting.fallback'),
    refresh: { action, userIds: [teamsUserId] },
    body: [
      text(md(i18n.t('investigation.waiting.title')), { weight: 'Bolder' }),
      text(md(i18n.t('investigation.waiting.body'))),
    ],
    actions: [action],
  };
}
