import { z } from 'zod';
import { CLASSIFICATIONS } from '../../src/triage/alert.js';
import { isValidPair } from '../../src/triage/classification.js';
import { MAX_ALERT_ID_LENGTH, isAlertId, isTimestamp } from '../../src/triage/ids.js';
import { INCIDENT_STATUSES } from '../../src/triage/incidents/incident.js';
import { MAX_INCIDENT_COMMENT } from '../../src/triage/incidents/incident-service.js';
import { alertIdSchema, userKeySchema } from '../registry/card-verb.js';

/** An incident id: Graph's are digits; the same safe shape as alert ids (never `.`, `..`, `/`). */
export const incidentIdSchema = z
  .string({ message: 'the card did not say which incident it is for' })
  .trim()
  .min(1, 'the incident id is empty')
  .max(MAX_ALERT_ID_LENGTH, 'the incident id is too long')
  .refine(isAlertId, 'that is not an incident id');

/** Every incident verb's data carries the incident id and the card version (the incident's lastUpdateDateTime). */
export const incidentRefSchema = z.looseObject({
  incidentId: incidentIdSchema,
  version: z.string().trim().refine(isTimestamp, 'the card version is not a date and time').optional(),
  /** The alert card the incident card was opened from (for the way back); never trusted for access. */
  alertId: alertIdSchema.optional(),
});

const comment = z
  .string({ message: 'the comment must be text' })
  .trim()
  .max(MAX_INCIDENT_COMMENT, `a comment can have at most ${MAX_INCIDENT_COMMENT.toLocaleString('en-US')} characters`);
const optionalComment = z.preprocess((v) => (v === '' || v === null ? undefined : v), comment.optional());

type Verdict = { classification: (typeof CLASSIFICATIONS)[number]; determination: string };

/** "truePositive:maliciousUserActivity" (the card's one choice) as a valid classification and determination. */
const verdict = z
  .string({ message: 'choose a classification' })
  .trim()
  .max(100)
  .transform((v, ctx): Verdict => {
    const [classification = '', determination = ''] = v.split(':');
    const known = CLASSIFICATIONS.find((c) => c === classification);
    if (!known || !isValidPair(known, determination)) {
      ctx.addIssue({ code: 'custom', message: 'choose a classification from the list' });
      return z.NEVER;
    }
    return { classification: known, determination };
  });

/** The data of each incident verb (inputs merged into the card's data, as Teams sends them). */
export const incidentSchemas = {
  assign: incidentRefSchema.extend({ assignee: userKeySchema }),
  setStatus: incidentRefSchema.extend({
    status: z.enum(INCIDENT_STATUSES, { message: `must be one of ${INCIDENT_STATUSES.join(', ')}` }),
    comment: optionalComment,
  }),
  classify: incidentRefSchema.extend({ verdict, comment: optionalComment }),
  comment: incidentRefSchema.extend({ comment: comment.min(1, 'write a comment first') }),
  tag: incidentRefSchema.extend({
    tag: z.string({ message: 'write a tag' }).trim().min(1, 'write a tag').max(200, 'the tag is too long'),
    op: z.enum(['add', 'remove'], { message: 'must be add or remove' }),
  }),
};
