import { z } from 'zod';
import type { ConversationAddress } from '../../src/delivery/teams-sender.js';
import type { Permission } from '../../src/triage/access/permissions.js';
import { MAX_ALERT_ID_LENGTH, isAlertId, isTimestamp, isTeamsMemberId, isUserKey } from '../../src/triage/ids.js';
import type { Actor } from '../actor.js';
import type { Answer } from './answer.js';
import type { Translator } from '../../src/i18n/translator.js';

/** An alert id as the backends accept it (src/triage/ids.ts): never `.`, `..`, a slash or a control character. */
export const alertIdSchema = z
  .string({ message: 'the card did not say which alert it is for' })
  .trim()
  .min(1, 'the alert id is empty')
  .max(MAX_ALERT_ID_LENGTH, 'the alert id is too long')
  .refine(isAlertId, 'that is not an alert id');

/**
 * A person to assign: an Entra object id (the card's choices), a UPN (typed when there are none), or a Teams
 * member id (a people picker; resolved through the team roster).
 */
export const userKeySchema = z
  .string({ message: 'choose a person to assign' })
  .trim()
  .min(1, 'choose a person to assign')
  .refine(
    (v) => isUserKey(v) || isTeamsMemberId(v),
    'choose a person from the list, or enter a user principal name such as sam@contoso.com',
  );

/** Every alert verb's data carries the alert id and the card version (the alert's lastUpdateDateTime). */
export const alertRefSchema = z.looseObject({
  alertId: alertIdSchema,
  version: z.string().trim().refine(isTimestamp, 'the card version is not a date and time').optional(),
});
export type AlertRef = z.infer<typeof alertRefSchema>;

/** Where a click happened, as Teams addressed its activity. */
export interface ClickConversation {
  /** `personal`, `channel` or `groupChat` (anything else is treated as shared). */
  type: string;
  /** The conversation itself: a 1:1 chat, a group chat, or a channel thread (`<channel>;messageid=<root>`). */
  address: ConversationAddress;
  /** The team channel, when the click was in one. */
  channelId?: string;
}

/** One click on a card, as a handler receives it: who (from the activity), what (parsed data), how. */
export interface Click<D> {
  actor: Actor;
  data: D;
  /** `automatic` when Teams refreshes a card by itself (user-specific views), else `manual`. */
  trigger: string;
  /** The team the card lives in, when known (for member lists). */
  teamId?: string;
  /** Where the card is, when Teams said (to answer there with a new message). */
  conversation?: ClickConversation;
  /** What the clicking user reads: their language and time zone. */
  i18n: Translator;
}

/**
 * One `Action.Execute` verb: its name, the permission a user needs for a card to offer it (any one of
 * several; absent for verbs of cards that are not alert cards), the zod schema of its data, and what it
 * does. The handler checks access itself, on the server; `permission` only decides which buttons show.
 */
export interface CardVerbEntry<D = unknown> {
  name: string;
  permission?: readonly Permission[];
  parse: z.ZodType<D>;
  run(click: Click<D>): Promise<Answer>;
  /**
   * A view that changes nothing: Teams' retry of the same invoke is answered afresh (checked and drawn
   * again) instead of from the answers kept for retries, so cards asked for at high rates (automatic
   * refreshes) are not held in memory.
   */
  repeatable?: boolean;
}

/** Declares a verb with its schema's type flowing into `run` (the entry is type-erased for the registry). */
export function cardVerb<S extends z.ZodType>(
  name: string,
  permission: readonly Permission[] | undefined,
  parse: S,
  run: (click: Click<z.infer<S>>) => Promise<Answer>,
  options: { repeatable?: boolean } = {},
): CardVerbEntry {
  const entry = {
    name,
    permission,
    parse: parse as z.ZodType<unknown>,
    run: (click: Click<unknown>) => run(click as Click<z.infer<S>>),
  };
  return options.repeatable ? { ...entry, repeatable: true } : entry;
}
