import type { Scope } from './access-decision.js';
import type { Role } from './permissions.js';

/** One grant of the access policy: roles with a scope, for a user or a security group (by Entra object id). */
export interface PolicyGrant {
  principal: { kind: 'user' | 'group'; id: string };
  roles: Role[];
  scope: Scope;
  /** A label for people reading the policy and `whoami`. */
  name?: string;
}

export interface AccessPolicy {
  grants: PolicyGrant[];
}

/** The grants that apply to a user who is a (transitive) member of `groupIds`. */
export function grantsFor(policy: AccessPolicy, userId: string, groupIds: readonly string[]): PolicyGrant[] {
  const groups = new Set(groupIds.map((g) => g.toLowerCase()));
  return policy.grants.filter((g) =>
    g.principal.kind === 'user'
      ? g.principal.id.toLowerCase() === userId.toLowerCase()
      : groups.has(g.principal.id.toLowerCase()),
  );
}
