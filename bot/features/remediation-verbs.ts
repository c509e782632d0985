import { z } from 'zod';
import { renderRemediationPlanCard, renderRemediationResultCard } from '../../cards/remediation-card.js';
import type { Logger } from '../../src/logger.js';
import type { Permission } from '../../src/triage/access/permissions.js';
import { REMEDIATION_ACTIONS } from '../../src/triage/remediation/remediation-action.js';
import type { RemediationService } from '../../src/triage/remediation/remediation-service.js';
import { answerWithin } from '../answer-deadline.js';
import { cardAnswer, noticeAnswer } from '../registry/answer.js';
import { alertRefSchema, cardVerb } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';

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

/** Any one of them: which one an action needs depends on its evidence, and the service checks that. */
const REMEDIATE: readonly Permission[] = ['alert.remediate.user', 'alert.remediate.file', 'alert.remediate.device'];

/**
 * `alert.remediate` answers with the confirmation card of a fresh plan; `alert.remediate.confirm` runs it
 * and `alert.remediate.undo` reverses it, both answering with the step-by-step result card. Every check
 * (permission per evidence kind, same user, expiry, once) is the service's.
 */
export function remediationVerbs(remediation: RemediationService, log: Logger): Inputs {
  return {
    verbs: [
      cardVerb('alert.remediate', REMEDIATE, schemas.remediate, async ({ actor, data, i18n }) => {
        const { alert, plan } = await remediation.plan(actor, data.alertId, data.action);
        return cardAnswer(renderRemediationPlanCard(alert, plan, i18n));
      }),
      // Graph and Defender calls can be slow: past the deadline the user is told where the result will appear.
      cardVerb('alert.remediate.confirm', REMEDIATE, schemas.plan, async ({ actor, data, i18n }) =>
        answerWithin(
          remediation.confirm(actor, data).then((result) => cardAnswer(renderRemediationResultCard(result, i18n))),
          async () => noticeAnswer(i18n.t('notices.remediationRunning')),
          log,
          { alertId: data.alertId, planId: data.planId },
        ),
      ),
      cardVerb(
        'alert.remediate.undo',
        [...REMEDIATE, 'alert.remediate.undoAny'],
        schemas.plan,
        async ({ actor, data, i18n }) =>
          cardAnswer(renderRemediationResultCard(await remediation.undo(actor, data), i18n)),
      ),
    ],
  };
}
