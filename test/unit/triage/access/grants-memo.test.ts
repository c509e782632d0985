import { strict as assert } from 'node:assert';
import { CachedDirectory } from '../../../../src/backends/cached-directory.js';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { PERSONAS, groupId } from '../../../../src/backends/local/local-seed.js';
import type { AccessPolicy } from '../../../../src/triage/access/access-policy.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import { GrantsMemo } from '../../../../src/triage/access/grants-memo.js';
import type { AdministrativeUnit, AuditSink, Clock, Directory } from '../../../../src/triage/ports.js';
import { demoPolicy, policyFrom, who } from '../../../support/demo-access.js';
import { ANALYST, ROLE_PERMISSIONS } from '../../../support/role-permissions.js';
import { SeedAlerts } from '../../../support/seed-tenant.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const TTL = 60_000;
const [, sam, , rui, , , olu] = PERSONAS;
const seed = new SeedAlerts(NOW);
const alert = seed.in('EMEA');
const audit: AuditSink = { append: async () => undefined, forAlert: async () => [] };
const sorted = (s: Iterable<string>) => [...s].sort();

// The memo is keyed by the policy object and the directory's answer: these tests run the AccessService over a
// CachedDirectory (which hands out the same array while its answer is fresh), where a wrong key would show.
describe('AccessService grants memo', () => {
  let t: number;
  const clock: Clock = { now: () => new Date(t) };
  beforeEach(() => (t = NOW.getTime()));

  it('a policy reload takes effect on the next check, and the old policy object still answers as before', async () => {
    const directory = new CachedDirectory(new LocalDirectory(() => seed.tenant), TTL, clock);
    const before = demoPolicy();
    const without: AccessPolicy = { grants: before.grants.filter((g) => g.principal.id !== groupId(3)) };
    let policy = before;
    const access = new AccessService(directory, () => policy, audit);
    assert.deepEqual(sorted(await access.permissionsOn(who(rui), alert)), sorted(ROLE_PERMISSIONS.responder));
    policy = without; // SOC Tier 2's grant removed
    assert.deepEqual(sorted(await access.permissionsOn(who(rui), alert)), []);
    assert.deepEqual(await access.grantsOf(rui.id), []);
    policy = policyFrom({ grants: [{ user: rui.id, roles: ['analyst'], scope: 'unrestricted' }] });
    assert.deepEqual(sorted(await access.permissionsOn(who(rui), alert)), sorted(ANALYST), 'a new grant counts');
    policy = before;
    assert.deepEqual(sorted(await access.permissionsOn(who(rui), alert)), sorted(ROLE_PERMISSIONS.responder));
  });

  it("a fresh directory answer (the user joined a group) is taken as soon as the directory's cache gives it", async () => {
    const tenant = structuredClone(seed.tenant);
    const directory = new CachedDirectory(new LocalDirectory(() => tenant), TTL, clock);
    const access = new AccessService(directory, () => demoPolicy(), audit);
    const policy = demoPolicy();
    const fixed = new AccessService(directory, () => policy, audit);
    assert.deepEqual(sorted(await fixed.permissionsOn(who(olu), alert)), []);
    tenant.directory.groups.find((g) => g.id === groupId(5))!.members.push(olu.id); // Olu joins DLP Viewers
    t += TTL;
    assert.deepEqual(sorted(await fixed.permissionsOn(who(olu), alert)), sorted(ROLE_PERMISSIONS.viewer));
    assert.deepEqual(sorted(await access.permissionsOn(who(olu), alert)), sorted(ROLE_PERMISSIONS.viewer));
  });

  it('two people with the very same group answer keep their own grants', async () => {
    const none: string[] = [];
    const directory: Directory = {
      groupsOf: async () => none, // one shared array for everyone
      administrativeUnitsOf: async (): Promise<AdministrativeUnit[]> => [],
      getUser: async () => undefined,
      listAdministrativeUnits: async () => [],
    };
    const policy = demoPolicy();
    const access = new AccessService(directory, () => policy, audit);
    assert.deepEqual(sorted(await access.permissionsOn(who(sam), alert)), sorted(ANALYST), 'Sam: a direct grant');
    assert.deepEqual(sorted(await access.permissionsOn(who(olu), alert)), [], 'Olu: none');
    assert.deepEqual(sorted(await access.permissionsOn(who(sam), alert)), sorted(ANALYST));
  });

  it('grantsOf hands out a copy: changing it changes no later answer', async () => {
    const directory = new CachedDirectory(new LocalDirectory(() => seed.tenant), TTL, clock);
    const policy = demoPolicy();
    const access = new AccessService(directory, () => policy, audit);
    const grants = await access.grantsOf(sam.id);
    grants.push({ principal: { kind: 'user', id: sam.id }, roles: ['admin'], scope: { kind: 'unrestricted' } });
    assert.equal((await access.grantsOf(sam.id)).length, 1);
    assert.deepEqual(sorted(await access.permissionsOn(who(sam), alert)), sorted(ANALYST));
  });

  it('stays bounded and right past its size limit', () => {
    const memo = new GrantsMemo(3);
    const policy = demoPolicy();
    const groups: string[] = [];
    for (let round = 0; round < 2; round++) {
      for (const p of PERSONAS) {
        const expected = policy.grants.filter((g) => g.principal.id === p.id).length;
        assert.equal(memo.of(policy, p.id, groups).grants.length, expected, p.displayName);
      }
    }
  });
});
