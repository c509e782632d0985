import { renderHistoryCard } from '../../cards/history-card.js';
import type { AlertAuditTrail } from '../../src/audit/alert-audit-trail.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import { cardAnswer } from '../registry/answer.js';
import { alertRefSchema, cardVerb } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';

/** How many of the latest audit entries the History card reads. */
export const HISTORY_LIMIT = 50;

export interface HistoryVerbDeps {
  trail: Pick<AlertAuditTrail, 'read'>;
  access: Pick<AccessService, 'can'>;
}

/**
 * `alert.history`: the alert's audit trail as readable lines, for the clicking user only, in their language
 * and time zone, with the same checks as viewing the alert (role and AU scope). Remediation steps name
 * their targets (the user, file or device) only for people who may see the alert's details.
 */
export function historyVerbs({ trail, access }: HistoryVerbDeps): Inputs {
  return {
    verbs: [
      cardVerb('alert.history', ['alert.view'], alertRefSchema, async ({ actor, data, i18n }) => {
        const { alert, entries, names } = await trail.read(actor, data.alertId, HISTORY_LIMIT);
        const showTargets = await access.can(actor.id, 'alert.details', alert);
        return cardAnswer(renderHistoryCard(alert, entries, { names, showTargets, limit: HISTORY_LIMIT, i18n }));
      }),
    ],
  };
}
