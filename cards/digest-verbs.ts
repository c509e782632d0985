/**
 * The `Action.Execute` verbs of the digest card and its lists. They are not alert verbs (no alert id, no
 * version), so they live apart from CARD_VERBS; their data carries at most the digest's channel id.
 */
export const DIGEST_VERBS = [
  'digest.show',
  'digest.unassigned',
  'digest.unassignedHigh',
  'digest.slaBreaches',
] as const;

/** One digest verb. */
export type DigestVerb = (typeof DIGEST_VERBS)[number];
