import { strict as assert } from 'node:assert';
import {
  decide,
  scopeHolding,
  type AlertScope,
  type Decision,
  type EffectiveGrant,
  type Scope,
} from '../../../../src/triage/access/access-decision.js';
import type { Permission, Role } from '../../../../src/triage/access/permissions.js';
import { ROLE_PERMISSIONS } from '../../../support/role-permissions.js';

/*
 * The access rules, stated here independently of the code (issue text "Access model"):
 *  - each role bundles the permissions written out in test/support/role-permissions.ts;
 *  - a grant's scope is unrestricted or a list of administrative units;
 *  - an alert is in an AU scope when its subject is a member of one of those AUs (by id or display name,
 *    case-insensitive); a subject in no AU, or an unresolved subject, is covered by unrestricted grants only;
 *  - deny is the default: no role holding the permission → 'no-role'; a role but no covering scope → 'out-of-scope'.
 */

const ALL_PERMISSIONS: Permission[] = [
  'alert.view',
  'alert.details',
  'alert.viewContent',
  'alert.assign',
  'alert.comment',
  'alert.classify',
  'alert.setStatus',
  'alert.share',
  'alert.remediate.user',
  'alert.remediate.file',
  'alert.remediate.device',
  'alert.remediate.undoAny',
  'digest.receive',
  'channel.manage',
];

const ROLE_TABLE = ROLE_PERMISSIONS;
const ALL_ROLES = Object.keys(ROLE_TABLE) as Role[];

const EMEA = { id: 'd0000000-0000-4000-8000-000000000001', displayName: 'EMEA' };
const APAC = { id: 'd0000000-0000-4000-8000-000000000003', displayName: 'APAC' };

type ScopeName = 'unrestricted' | 'matching AU (EMEA)' | 'other AU (APAC)' | 'no AU (empty list)';
type TargetName = 'in AU (EMEA subject)' | 'out of AU (APAC subject)' | 'subject without AU' | 'unresolved subject';

const SCOPES: Record<ScopeName, Scope> = {
  unrestricted: { kind: 'unrestricted' },
  'matching AU (EMEA)': { kind: 'administrativeUnits', units: ['EMEA'] },
  'other AU (APAC)': { kind: 'administrativeUnits', units: ['APAC'] },
  'no AU (empty list)': { kind: 'administrativeUnits', units: [] },
};

const TARGETS: Record<TargetName, AlertScope> = {
  'in AU (EMEA subject)': { units: [EMEA] },
  'out of AU (APAC subject)': { units: [APAC] },
  'subject without AU': { units: [] },
  'unresolved subject': 'unresolved',
};

/** Which scope covers which alert, written out cell by cell. */
const COVERS: Record<ScopeName, Record<TargetName, boolean>> = {
  unrestricted: {
    'in AU (EMEA subject)': true,
    'out of AU (APAC subject)': true,
    'subject without AU': true,
    'unresolved subject': true,
  },
  'matching AU (EMEA)': {
    'in AU (EMEA subject)': true,
    'out of AU (APAC subject)': false,
    'subject without AU': false,
    'unresolved subject': false,
  },
  'other AU (APAC)': {
    'in AU (EMEA subject)': false,
    'out of AU (APAC subject)': true,
    'subject without AU': false,
    'unresolved subject': false,
  },
  'no AU (empty list)': {
    'in AU (EMEA subject)': false,
    'out of AU (APAC subject)': false,
    'subject without AU': false,
    'unresolved subject': false,
  },
};

type Expected = { allow: true } | { allow: false; reason: 'no-role' | 'out-of-scope' };

function expected(role: Role, scope: ScopeName, permission: Permission, target: TargetName | undefined): Expected {
  if (!ROLE_TABLE[role].includes(permission)) return { allow: false, reason: 'no-role' };
  if (target === undefined || COVERS[scope][target]) return { allow: true };
  return { allow: false, reason: 'out-of-scope' };
}

/** The roles holding a permission, per the table above. */
const rolesWith = (permission: Permission) => ALL_ROLES.filter((r) => ROLE_TABLE[r].includes(permission));

function assertDecision(actual: Decision, want: Expected, label: string): void {
  assert.equal(actual.allow, want.allow, `${label}: allow`);
  if (!want.allow && !actual.allow) {
    assert.equal(actual.reason, want.reason, `${label}: reason`);
  }
}

describe('decide(): the access decision', () => {
  describe('table: every role × scope × permission × alert target', () => {
    const cases = ALL_ROLES.flatMap((role) =>
      (Object.keys(SCOPES) as ScopeName[]).flatMap((scope) =>
        ALL_PERMISSIONS.flatMap((permission) =>
          [...(Object.keys(TARGETS) as TargetName[]), undefined].map((target) => ({ role, scope, permission, target })),
        ),
      ),
    );

    it('has every cell (6 roles × 4 scopes × 14 permissions × (4 targets + no target))', () => {
      assert.equal(new Set(cases.map((c) => JSON.stringify(c))).size, 6 * 4 * 14 * 5);
    });

    for (const role of ALL_ROLES) {
      for (const scopeName of Object.keys(SCOPES) as ScopeName[]) {
        it(`${role} with scope ${scopeName}`, () => {
          const grants: EffectiveGrant[] = [{ role, scope: SCOPES[scopeName] }];
          const mine = cases.filter((c) => c.role === role && c.scope === scopeName);
          assert.equal(mine.length, 14 * 5);
          for (const { permission, target } of mine) {
            const label = `${role} / ${scopeName} / ${permission} / ${target ?? 'no target (not about one alert)'}`;
            const actual =
              target === undefined ? decide(grants, permission) : decide(grants, permission, TARGETS[target]);
            assertDecision(actual, expected(role, scopeName, permission, target), label);
          }
        });
      }
    }
  });

  it('a refusal lists exactly the roles that include the permission, least powerful first', () => {
    for (const permission of ALL_PERMISSIONS) {
      const d = decide([], permission, TARGETS['in AU (EMEA subject)']);
      assert.equal(d.allow, false);
      if (d.allow) continue;
      assert.deepEqual([...d.roles].sort(), rolesWith(permission).sort(), permission);
      // Least powerful first as the roles are meant, not by how many permissions they list: admin lists few
      // (channels, undo, investigate) but is the most powerful, and must not be the first advice.
      const order = ['viewer', 'manager', 'contentViewer', 'analyst', 'responder', 'admin'];
      assert.deepEqual(
        d.roles,
        [...d.roles].sort((a, b) => order.indexOf(a) - order.indexOf(b)),
        `${permission}: least powerful first`,
      );
    }
    const classify = decide(
      [{ role: 'viewer', scope: { kind: 'unrestricted' } }],
      'alert.classify',
      TARGETS['in AU (EMEA subject)'],
    );
    assert.deepEqual(classify, { allow: false, reason: 'no-role', roles: ['analyst', 'responder'] });
  });

  it('no grants: every permission is denied (no-role), with and without a target', () => {
    for (const permission of ALL_PERMISSIONS) {
      for (const target of [...Object.values(TARGETS), undefined]) {
        const d = decide([], permission, target);
        assert.equal(d.allow, false, `${permission} on ${JSON.stringify(target)}`);
        if (!d.allow) assert.equal(d.reason, 'no-role');
      }
    }
  });

  describe('several grants are a union, each limited to its own scope', () => {
    const grants: EffectiveGrant[] = [
      { role: 'viewer', scope: { kind: 'unrestricted' } },
      { role: 'analyst', scope: { kind: 'administrativeUnits', units: ['EMEA'] } },
    ];

    it('viewer unrestricted + analyst EMEA: view anywhere', () => {
      for (const [name, target] of Object.entries(TARGETS))
        assert.deepEqual(decide(grants, 'alert.view', target), { allow: true }, name);
    });

    it('viewer unrestricted + analyst EMEA: classify only in EMEA; elsewhere out-of-scope (the role is held)', () => {
      assert.deepEqual(decide(grants, 'alert.classify', TARGETS['in AU (EMEA subject)']), { allow: true });
      for (const name of ['out of AU (APAC subject)', 'subject without AU', 'unresolved subject'] as const) {
        const d = decide(grants, 'alert.classify', TARGETS[name]);
        assert.equal(d.allow, false, name);
        if (!d.allow) assert.equal(d.reason, 'out-of-scope', name);
      }
    });

    it('viewer unrestricted + analyst EMEA: remediation is no-role everywhere', () => {
      for (const target of Object.values(TARGETS)) {
        const d = decide(grants, 'alert.remediate.user', target);
        assert.equal(d.allow, false);
        if (!d.allow) assert.equal(d.reason, 'no-role');
      }
    });

    it('two AU-scoped grants of the same role cover both AUs and nothing else', () => {
      const two: EffectiveGrant[] = [
        { role: 'analyst', scope: { kind: 'administrativeUnits', units: ['EMEA'] } },
        { role: 'analyst', scope: { kind: 'administrativeUnits', units: ['APAC'] } },
      ];
      assert.equal(decide(two, 'alert.classify', TARGETS['in AU (EMEA subject)']).allow, true);
      assert.equal(decide(two, 'alert.classify', TARGETS['out of AU (APAC subject)']).allow, true);
      assert.equal(
        decide(two, 'alert.classify', {
          units: [{ id: 'd0000000-0000-4000-8000-000000000002', displayName: 'Americas' }],
        }).allow,
        false,
      );
      assert.equal(decide(two, 'alert.classify', 'unresolved').allow, false);
    });

    it('an AU scope listing several units covers a subject in any of them', () => {
      const g: EffectiveGrant[] = [
        { role: 'analyst', scope: { kind: 'administrativeUnits', units: ['Americas', 'APAC'] } },
      ];
      assert.equal(decide(g, 'alert.assign', TARGETS['out of AU (APAC subject)']).allow, true);
      assert.equal(decide(g, 'alert.assign', TARGETS['in AU (EMEA subject)']).allow, false);
    });

    it('a subject in several AUs is covered when any one of them is in scope', () => {
      const g: EffectiveGrant[] = [{ role: 'analyst', scope: { kind: 'administrativeUnits', units: ['APAC'] } }];
      assert.equal(decide(g, 'alert.comment', { units: [EMEA, APAC] }).allow, true);
    });
  });

  describe('AU matching', () => {
    const analystIn = (unit: string): EffectiveGrant[] => [
      { role: 'analyst', scope: { kind: 'administrativeUnits', units: [unit] } },
    ];

    it('matches by display name, case-insensitively', () => {
      for (const unit of ['EMEA', 'emea', 'Emea', 'eMeA']) {
        assert.equal(decide(analystIn(unit), 'alert.classify', TARGETS['in AU (EMEA subject)']).allow, true, unit);
        assert.equal(decide(analystIn(unit), 'alert.classify', TARGETS['out of AU (APAC subject)']).allow, false, unit);
      }
    });

    it('matches by id, case-insensitively', () => {
      for (const unit of [EMEA.id, EMEA.id.toUpperCase()]) {
        assert.equal(decide(analystIn(unit), 'alert.classify', TARGETS['in AU (EMEA subject)']).allow, true, unit);
        assert.equal(decide(analystIn(unit), 'alert.classify', TARGETS['out of AU (APAC subject)']).allow, false, unit);
      }
    });

    it('does not match on a part of a name or id', () => {
      for (const unit of ['EME', 'EMEA ', 'EMEA-North', EMEA.id.slice(0, 20), '']) {
        assert.equal(
          decide(analystIn(unit), 'alert.classify', TARGETS['in AU (EMEA subject)']).allow,
          false,
          JSON.stringify(unit),
        );
      }
    });
  });

  describe('no target (permissions that are not about one alert)', () => {
    it('admin may manage channels whatever the scope; nobody else may', () => {
      for (const scope of Object.values(SCOPES)) {
        assert.deepEqual(decide([{ role: 'admin', scope }], 'channel.manage'), { allow: true });
      }
      for (const role of ALL_ROLES.filter((r) => r !== 'admin')) {
        const d = decide([{ role, scope: { kind: 'unrestricted' } }], 'channel.manage');
        assert.equal(d.allow, false, role);
        if (!d.allow) assert.deepEqual(d, { allow: false, reason: 'no-role', roles: ['admin'] });
      }
    });

    it('manager may receive digests (an AU-scoped manager too); an analyst may not', () => {
      assert.deepEqual(decide([{ role: 'manager', scope: SCOPES['matching AU (EMEA)'] }], 'digest.receive'), {
        allow: true,
      });
      assert.deepEqual(decide([{ role: 'analyst', scope: { kind: 'unrestricted' } }], 'digest.receive'), {
        allow: false,
        reason: 'no-role',
        roles: ['manager'],
      });
    });
  });

  describe('scopeHolding(): where a permission may be used, as one scope', () => {
    it('the union of the AU lists of the grants holding it; unrestricted when one is; empty when none holds it', () => {
      const emea = SCOPES['matching AU (EMEA)'];
      const apac = SCOPES['other AU (APAC)'];
      assert.deepEqual(
        scopeHolding(
          [
            { role: 'admin', scope: emea },
            { role: 'viewer', scope: { kind: 'unrestricted' } },
            { role: 'admin', scope: apac },
          ],
          'channel.manage',
        ),
        {
          kind: 'administrativeUnits',
          units: ['EMEA', 'APAC'],
        },
      );
      assert.deepEqual(
        scopeHolding(
          [
            { role: 'admin', scope: emea },
            { role: 'admin', scope: { kind: 'unrestricted' } },
          ],
          'channel.manage',
        ),
        { kind: 'unrestricted' },
      );
      assert.deepEqual(scopeHolding([{ role: 'responder', scope: { kind: 'unrestricted' } }], 'channel.manage'), {
        kind: 'administrativeUnits',
        units: [],
      });
    });
  });
});
