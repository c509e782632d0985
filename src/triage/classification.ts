import type { Classification } from './alert.js';

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

export const CLASSIFICATION_WORDS: Readonly<Record<Classification, string>> = {
  truePositive: 'true positive',
  falsePositive: 'false positive',
  informationalExpectedActivity: 'informational, expected activity',
  unknown: 'not classified',
};

export const DETERMINATION_WORDS: Readonly<Record<string, string>> = {
  maliciousUserActivity: 'malicious user activity',
  compromisedAccount: 'compromised account',
  multiStagedAttack: 'multi-staged attack',
  notMalicious: 'not malicious',
  notEnoughDataToValidate: 'not enough data to validate',
  confirmedActivity: 'confirmed activity',
  lineOfBusinessApplication: 'line-of-business application',
  securityTesting: 'security testing',
  other: 'other',
};

/** Whether a determination may go with a classification. */
export function isValidPair(classification: Classification, determination: string): boolean {
  return classification !== 'unknown' && DETERMINATIONS[classification].includes(determination);
}
