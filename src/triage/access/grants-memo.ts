import type { EffectiveGrant } from './access-decision.js';
import { grantsFor, type AccessPolicy, type PolicyGrant } from './access-policy.js';

/** A user's grants under one policy, for one answer of the directory about their groups. */
export interface ResolvedGrants {
  grants: readonly PolicyGrant[];
  effective: readonly EffectiveGrant[];
}

interface Entry extends ResolvedGrants {
  groups: readonly string[];
}

/**
 * Remembers which grants of a policy apply to a user, keyed by the policy object and the very array the
 * directory answered for the user's groups: a policy reload is a new object and a fresh directory answer a
 * new array, so either one recomputes. Only the filtering of the policy is saved: every decision is still
 * made per request. At most `max` users per policy (then it starts over).
 */
export class GrantsMemo {
  private readonly byPolicy = new WeakMap<AccessPolicy, Map<string, Entry>>();

  constructor(private readonly max = 10_000) {}

  of(policy: AccessPolicy, userId: string, groups: readonly string[]): ResolvedGrants {
    let users = this.byPolicy.get(policy);
    if (!users) this.byPolicy.set(policy, (users = new Map()));
    const hit = users.get(userId);
    if (hit && hit.groups === groups) return hit;
    const grants = Object.freeze(grantsFor(policy, userId, groups));
    const effective = Object.freeze(grants.flatMap((g) => g.roles.map((role) => ({ role, scope: g.scope }))));
    if (users.size >= this.max) users.clear();
    const entry = { groups, grants, effective };
    users.set(userId, entry);
    return entry;
  }
}
