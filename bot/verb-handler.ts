import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { z } from 'zod';
import type { CardVerb } from '../cards/card-verbs.js';
import type { DigestVerb } from '../cards/digest-verbs.js';
import { MAX_ALERT_ID_LENGTH, isAlertId, isTimestamp, isTeamsMemberId, isUserKey } from '../src/triage/ids.js';
import type { Actor } from './actor.js';

/** An alert id as the backends accept it (src/triage/ids.ts): never `.`, `..`, a slash or a control character. */
export const alertIdSchema = z
  .string({ message: 'the card did not say which alert it is for' })
  .trim()
  .min(1, 'the alert id is empty')
  .max(MAX_ALERT_ID_LENGTH, 'the alert id is too long')
  .refine(isAlertId, 'that is not an alert id');

/**
 * A person to assign: an Entra object id (the card's choices), a UPN (typed when there are none), or a Teams member id
 * (a people picker; resolved through the team roster).
 */
export const userKeySchema = z
  .string({ message: 'choose a person to assign' })
  .trim()
  .min(1, 'choose a person to assign')
  .refine(
    (v) => isUserKey(v) || isTeamsMemberId(v),
    'choose a person from the list, or enter a user principal name such as sam@contoso.com',
  );

/** Every verb's data carries the alert id and the card version (the alert's lastUpdateDateTime) it was clicked on. */
export const alertRefSchema = z.looseObject({
  alertId: alertIdSchema,
  version: z.string().trim().refine(isTimestamp, 'the card version is not a date and time').optional(),
});
export type AlertRef = z.infer<typeof alertRefSchema>;

/** One click on a card, as a handler receives it: who (from the activity), what (parsed data), how. */
export interface Click<D> {
  actor: Actor;
  data: D;
  /** `automatic` when Teams refreshes a card by itself (user-specific views), else `manual`. */
  trigger: string;
  /** The team the card lives in, when known (for member lists). */
  teamId?: string;
}

/** A verb's input schema and what it does; the answer is the card (or message) the clicking user sees. */
export interface VerbHandler<D = unknown> {
  schema: z.ZodType<D>;
  run(click: Click<D>): Promise<AdaptiveCardInvokeResponse>;
}

/** Handlers by verb: the alert card verbs and the digest card's own (cards/digest-verbs.ts). */
export type VerbHandlers = Partial<Record<CardVerb | DigestVerb, VerbHandler<any>>>;

/** Declares a handler with its schema's type flowing into `run`. */
export function verb<S extends z.ZodType>(
  schema: S,
  run: (click: Click<z.infer<S>>) => Promise<AdaptiveCardInvokeResponse>,
): VerbHandler<z.infer<S>> {
  return { schema: schema as z.ZodType<z.infer<S>>, run };
}
