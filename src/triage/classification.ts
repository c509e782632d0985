import type { Classification } from './alert.js';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL } from './alert-labels.js';

/**
 * The determinations offered and accepted with each classification, in the Graph SDK's wire values
 * (graph-api.md §1.4). The pairing follows how the Defender portal presents them; Graph itself does not
 * document it as a server-side rule (unconfirmed), so this is our rule.
 */
export const DETERMINATIONS: Readonly<Record<Exclude<Classification, 'unknown'>, readonly string[]>> = {
  truePositive: ['maliciousUserActivity', 'compromisedAccount', 'multiStagedAttack', 'other'],
  falsePositive: ['notMalicious', 'notEnoughDataToValidate', 'other'],
  informationalExpectedActivity: ['confirmedActivity', 'lineOfBusinessApplication', 'securityTesting', 'other'],
};

/** Labels in running text ("classified as false positive (not malicious)"). */
export const CLASSIFICATION_WORDS: Readonly<Record<Classification, string>> = lowerCased(CLASSIFICATION_LABEL);
export const DETERMINATION_WORDS: Readonly<Record<string, string>> = lowerCased(DETERMINATION_LABEL);

function lowerCased<K extends string>(labels: Readonly<Record<K, string>>): Record<K, string> {
  return Object.fromEntries(Object.entries<string>(labels).map(([k, v]) => [k, v.toLowerCase()])) as Record<K, string>;
}

/** Whether a determination may go with a classification. */
export function isValidPair(classification: Classification, determination: string): boolean {
  return classification !== 'unknown' && DETERMINATIONS[classification].includes(determination);
}
