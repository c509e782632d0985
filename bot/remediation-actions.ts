import { z } from 'zod';
import { renderRemediationPlanCard, renderRemediationResultCard } from '../cards/remediation-card.js';
import { REMEDIATION_ACTIONS } from '../src/triage/remediation/remediation-action.js';
import type { RemediationService } from '../src/triage/remediation/remediation-service.js';
import type { Logger } from '../src/logger.js';
import { answerWithin } from './answer-deadline.js';
import { cardInvokeResponse, messageInvokeResponse } from './error-presenter.js';
import { alertRefSchema, verb, type VerbHandlers } from './verb-handler.js';

// `action` is the remediate show-card's Input.ChoiceSet, merged into the data by Teams.
const action = z.enum(REMEDIATION_ACTIONS, { message: `choose one of ${REMEDIATION_ACTIONS.join(', ')}` });
// Plan ids are UUIDs the bot made (remediation-service.ts); anything else was not put on a card by it.
const planId = z
  .string({ message: 'the card did not say which plan it is for' })
  .trim()
  .min(1, 'the plan id is empty')
  .regex(/^[A-Za-z0-9_-]{1,100}$/, 'that is not a plan id');

const schemas = {
  remediate: alertRefSchema.extend({ action }),
  plan: alertRefSchema.extend({ action, planId }),
};

/**
 * `alert.remediate` answers with the confirmation card of a fresh plan; `alert.remediate.confirm` runs it
 * and `alert.remediate.undo` reverses it, both answering with the step-by-step result card. Every check
 * (permission per evidence kind, same user, expiry, once) is the service's.
 */
export function remediationActions(remediation: RemediationService, log: Logger): VerbHandlers {
  // Graph and Defender calls can be slow: past the deadline the user is told where the result will appear.
  const running = async () =>
    messageInvokeResponse(
      'The remediation is running. Its result will be posted in the alert’s thread and recorded in the audit log.',
    );
  return {
    'alert.remediate': verb(schemas.remediate, async ({ actor, data }) => {
      const { alert, plan } = await remediation.plan(actor, data.alertId, data.action);
      return cardInvokeResponse(renderRemediationPlanCard(alert, plan));
    }),
    'alert.remediate.confirm': verb(schemas.plan, async ({ actor, data }) =>
      answerWithin(
        remediation.confirm(actor, data).then((result) => cardInvokeResponse(renderRemediationResultCard(result))),
        running,
        log,
        { alertId: data.alertId, planId: data.planId },
      ),
    ),
    'alert.remediate.undo': verb(schemas.plan, async ({ actor, data }) =>
      cardInvokeResponse(renderRemediationResultCard(await remediation.undo(actor, data))),
    ),
  };
}
