import { roleHas, rolesGranting, type Permission, type Role } from './permissions.js';

/** `unrestricted`, or a list of administrative units (ids or display names, compared case-insensitively). */
export type Scope = { kind: 'unrestricted' } | { kind: 'administrativeUnits'; units: string[] };

/** One role a person holds through the policy, with the scope it applies to. */
export interface EffectiveGrant {
  role: Role;
  scope: Scope;
}

/**
 * Where an alert sits for scoping: the administrative units of its subject user (id and name of each),
 * an empty list when the subject is in none, or `unresolved` when there is no subject or it cannot be
 * resolved. Only unrestricted grants cover the last two.
 */
export type AlertScope = { units: { id: string; displayName: string }[] } | 'unresolved';

export type Decision =
  | { allow: true }
  | { allow: false; reason: 'no-role'; roles: Role[] }
  | { allow: false; reason: 'out-of-scope'; roles: Role[] };

/**
 * The one access decision: may someone holding `grants` use `permission` on an alert in `target`
 * (omit `target` for permissions that are not about one alert)? Deny is the default.
 */
export function decide(grants: readonly EffectiveGrant[], permission: Permission, target?: AlertScope): Decision {
  const holding = grants.filter((g) => roleHas(g.role, permission));
  const roles = rolesGranting(permission);
  if (holding.length === 0) return { allow: false, reason: 'no-role', roles };
  if (target === undefined || holding.some((g) => covers(g.scope, target))) return { allow: true };
  return { allow: false, reason: 'out-of-scope', roles };
}

/** Does a scope cover an alert? */
export function covers(scope: Scope, target: AlertScope): boolean {
  if (scope.kind === 'unrestricted') return true;
  if (target === 'unresolved') return false;
  const wanted = new Set(scope.units.map((u) => u.toLowerCase()));
  return target.units.some((u) => wanted.has(u.id.toLowerCase()) || wanted.has(u.displayName.toLowerCase()));
}

/**
 * Where someone may use `permission`, as one scope: the union of the scopes of the grants holding it
 * (unrestricted when any of them is; no units when none holds it).
 */
export function scopeHolding(grants: readonly EffectiveGrant[], permission: Permission): Scope {
  const holding = grants.filter((g) => roleHas(g.role, permission));
  if (holding.some((g) => g.scope.kind === 'unrestricted')) return { kind: 'unrestricted' };
  return {
    kind: 'administrativeUnits',
    units: [...new Set(holding.flatMap((g) => (g.scope.kind === 'administrativeUnits' ? g.scope.units : [])))],
  };
}
