import type { Scope } from '../access/access-decision.js';
import type { PolicyGrant } from '../access/access-policy.js';
import { roleHas } from '../access/permissions.js';
import type { AdministrativeUnit } from '../ports.js';

/** A scope that covers no alert at all (no grant that may view alerts). */
export const NOTHING: Scope = Object.freeze({ kind: 'administrativeUnits', units: [] as string[] });

/**
 * What a person may see, as one scope: the union of the scopes of their grants that include alert.view
 * (one unrestricted grant makes it unrestricted). A union of AU lists covers exactly what any of the
 * grants covers, because `covers` asks whether the alert is in any listed unit.
 */
export function viewScopeOf(grants: readonly PolicyGrant[]): Scope {
  const viewing = grants.filter((g) => g.roles.some((r) => roleHas(r, 'alert.view')));
  if (viewing.some((g) => g.scope.kind === 'unrestricted')) return { kind: 'unrestricted' };
  return {
    kind: 'administrativeUnits',
    units: [...new Set(viewing.flatMap((g) => (g.scope.kind === 'administrativeUnits' ? g.scope.units : [])))],
  };
}

/**
 * Alerts both scopes cover (a channel digest button clicked by someone with a narrower view). Units may
 * be named by id or display name; `known` maps both to the unit's id so the two lists can be compared.
 */
export function intersectScopes(a: Scope, b: Scope, known: readonly AdministrativeUnit[]): Scope {
  if (a.kind === 'unrestricted') return b;
  if (b.kind === 'unrestricted') return a;
  const key = (name: string) => {
    const lower = name.toLowerCase();
    return (
      known.find((u) => u.id.toLowerCase() === lower || u.displayName.toLowerCase() === lower)?.id.toLowerCase() ??
      lower
    );
  };
  const inB = new Set(b.units.map(key));
  return { kind: 'administrativeUnits', units: a.units.filter((u) => inB.has(key(u))) };
}

/** What a digest covers, for the card to word in its reader's language. */
export type ScopeName = { kind: 'all' } | { kind: 'none' } | { kind: 'units'; names: string[] };

/** The scope as the card names it: every unit, no alert at all, or the units by display name (an unknown one by id). */
export function nameScope(scope: Scope, known: readonly AdministrativeUnit[]): ScopeName {
  if (scope.kind === 'unrestricted') return { kind: 'all' };
  if (scope.units.length === 0) return { kind: 'none' };
  const names = scope.units.map((u) => known.find((k) => k.id.toLowerCase() === u.toLowerCase())?.displayName ?? u);
  return { kind: 'units', names: [...new Set(names)] };
}

/** The scope in English words ("all administrative units", "AU EMEA, APAC", "no alerts (…)"), for logs. */
export function describeScope(scope: Scope, known: readonly AdministrativeUnit[]): string {
  const named = nameScope(scope, known);
  if (named.kind === 'all') return 'all administrative units';
  if (named.kind === 'none') return 'no alerts (you hold no grant that shows alerts)';
  return `AU ${named.names.join(', ')}`;
}
