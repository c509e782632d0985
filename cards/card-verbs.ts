/** Every `Action.Execute` verb an alert card can carry (design §4); the bot routes invokes by these strings. */
export const CARD_VERBS = [
  'alert.refresh',
  'alert.details',
  'alert.investigate',
  'alert.history',
  'alert.assign',
  'alert.assignToMe',
  'alert.comment',
  'alert.classify',
  'alert.setStatus',
  'alert.share',
  'alert.unshare',
  'alert.remediate',
  'alert.remediate.confirm',
  'alert.remediate.undo',
] as const;

/** One card verb. */
export type CardVerb = (typeof CARD_VERBS)[number];

/** Narrows an arbitrary string (e.g. `value.action.verb` of an invoke) to a known verb. */
export function isCardVerb(value: unknown): value is CardVerb {
  return typeof value === 'string' && (CARD_VERBS as readonly string[]).includes(value);
}

/**
 * The verb of the incident section's Show incident (cards/alert-incident-section.ts): alert cards carry it
 * whenever their alert has an incident, besides the verbs of their view (a per-user view, checked on the server).
 */
export const INCIDENT_SECTION_VERB = 'incident.show';

/**
 * The verb of Open in a list of alerts (`my alerts`, the digest's lists): the alert's card as a new message
 * in the list's conversation. Not an alert-card verb: alert cards never offer it.
 */
export const OPEN_HERE_VERB = 'alert.openHere';
