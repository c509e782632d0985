import type { Permission } from '../src/triage/access/permissions.js';

/** Every `Action.Execute` verb an alert card can carry (design §4); the bot routes invokes by these strings. */
export const CARD_VERBS = [
  'alert.refresh',
  'alert.details',
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

/** The card verbs a set of permissions unlocks (the buttons a user may see). */
export function verbsAllowedBy(permissions: ReadonlySet<Permission>): Set<CardVerb> {
  const verbs = new Set<CardVerb>();
  const add = (permission: Permission, ...unlocked: CardVerb[]) => {
    if (permissions.has(permission)) unlocked.forEach((v) => verbs.add(v));
  };
  add('alert.view', 'alert.refresh');
  add('alert.details', 'alert.details');
  add('alert.assign', 'alert.assign', 'alert.assignToMe');
  add('alert.comment', 'alert.comment');
  add('alert.classify', 'alert.classify');
  add('alert.setStatus', 'alert.setStatus');
  add('alert.share', 'alert.share', 'alert.unshare');
  for (const p of ['alert.remediate.user', 'alert.remediate.file', 'alert.remediate.device'] as const) {
    add(p, 'alert.remediate', 'alert.remediate.confirm', 'alert.remediate.undo');
  }
  return verbs;
}
