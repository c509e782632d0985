import { z } from 'zod';
import { renderRemediationPlanCard, renderRemediationResultCard } from '../cards/remediation-card.js';
import { REMEDIATION_ACTIONS } from '../src/triage/remediation/remediation-action.js';
import type { RemediationService } from '../src/triage/remediation/remediation-service.js';
import { cardInvokeResponse } from './error-presenter.js';
import { alertRefSchema, verb, type VerbHandlers } from './verb-handler.js';

// `action` is the remediate show-card's Input.ChoiceSet, merged into the data by Teams.
const action = z.enum(REMEDIATION_ACTIONS, { message: `choose one of ${REMEDIATION_ACTIONS.join(', ')}` });
const planId = z.string({ message: 'the card did not say which plan it is for' }).trim().min(1, 'the plan id is empty').max(100);

const schemas = {
  remediate: alertRefSchema.extend({ action }),
  plan: alertRefSchema.extend({ action, planId }),
};

/**
 * `alert.remediate` answers with the confirmation card of a fresh plan; `alert.remediate.confirm` runs it
 * and `alert.remediate.undo` reverses it, both answering with the step-by-step result card. Every check
 * (permission per evidence kind, same user, expiry, once) is the service's.
 */
export function remediationActions(remediation: RemediationService): VerbHandlers {
  return {
    'alert.remediate': verb(schemas.remediate, async ({ actor, data }) => {
      const { alert, plan } = await remediation.plan(actor, data.alertId, data.action);
      return cardInvokeResponse(renderRemediationPlanCard(alert, plan));
    }),
    'alert.remediate.confirm': verb(schemas.plan, async ({ actor, data }) =>
      cardInvokeResponse(renderRemediationResultCard(await remediation.confirm(actor, data))),
    ),
    'alert.remediate.undo': verb(schemas.plan, async ({ actor, data }) => cardInvokeResponse(renderRemediationResultCard(await remediation.undo(actor, data)))),
  };
}
