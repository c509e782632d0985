import { z } from 'zod';
import { isAlertId } from '../../src/triage/ids.js';

/**
 * Parsers of the words after a command's name. A plain check failing answers with the command's usage
 * line; a failed refinement answers with its own message (bot/command-router.ts).
 */

/** No words at all. */
export const noArgs = z.literal('');

/** Exactly one word. */
export const oneWord = z.string().regex(/^\S+$/);

const ALERT_ID_HELP =
  'That is not an alert id: alert ids are letters, digits, - and _ (e.g. dl4f7c2a9e-3b1d-…). Copy it from the alert’s card or the Defender portal.';

/** One alert id, as the card or the Defender portal shows it. */
export const alertIdArg = oneWord.refine(isAlertId, ALERT_ID_HELP);

/** Anything but nothing. */
export const someText = z.string().min(1);
