import { strict as assert } from 'node:assert';
import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import type { Directory } from '../../src/triage/ports.js';

export interface DirectoryFixture {
  directory: Directory;
  /** The directory the implementation serves. */
  tenant: LocalTenant['directory'];
  close(): Promise<void>;
}

/** Transitive groups by a plain fixpoint over the seed: the oracle, independent of any implementation. */
function expectedGroups(tenant: LocalTenant['directory'], userId: string): string[] {
  const found = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const g of tenant.groups) {
      if (!found.has(g.id) && g.members.some((m) => m === userId || found.has(m))) {
        found.add(g.id);
        changed = true;
      }
    }
  }
  return [...found].sort();
}

const UNKNOWN = 'e0000000-0000-4000-8000-00000000dead';

/** The Directory contract, run against the local directory and the Graph directory (through the emulator). */
export function directoryContract(name: string, open: () => Promise<DirectoryFixture>): void {
  describe(`Directory contract: ${name}`, function () {
    this.timeout(60_000);
    let f: DirectoryFixture;
    before(async () => {
      f = await open();
    });
    after(async () => f?.close());

    it('groupsOf: every security group of each user, nested ones included; none for an unknown user', async () => {
      for (const user of f.tenant.users) {
        assert.deepEqual(
          (await f.directory.groupsOf(user.id)).sort(),
          expectedGroups(f.tenant, user.id),
          user.displayName,
        );
      }
      assert.ok(
        expectedGroups(f.tenant, 'a0000000-0000-4000-8000-000000000004').length >= 3,
        'the seed nests a group (SOC Tier 2 in SOC Analysts)',
      );
      assert.deepEqual(await f.directory.groupsOf(UNKNOWN), []);
    });

    it('administrativeUnitsOf: the units a user is a member of, by id and name; none for people in none or unknown users', async () => {
      for (const user of f.tenant.users) {
        const expected = f.tenant.administrativeUnits
          .filter((au) => au.members.includes(user.id))
          .map(({ id, displayName }) => ({ id, displayName }));
        assert.deepEqual(await f.directory.administrativeUnitsOf(user.id), expected, user.displayName);
      }
      assert.deepEqual(await f.directory.administrativeUnitsOf(UNKNOWN), []);
    });

    it('getUser: by object id or by UPN in any case; undefined for unknown ids, UPNs and plain names', async () => {
      const u = f.tenant.users[2]!;
      const expected = {
        id: u.id,
        displayName: u.displayName,
        userPrincipalName: u.userPrincipalName,
        accountEnabled: u.accountEnabled,
      };
      assert.deepEqual(await f.directory.getUser(u.id), expected);
      assert.deepEqual(await f.directory.getUser(u.userPrincipalName.toUpperCase()), expected);
      assert.equal(await f.directory.getUser(UNKNOWN), undefined);
      assert.equal(await f.directory.getUser('nobody@contoso.example'), undefined);
      assert.equal(await f.directory.getUser('Sam'), undefined);
    });

    it('listAdministrativeUnits: every unit', async () => {
      const expected = f.tenant.administrativeUnits.map(({ id, displayName }) => ({ id, displayName }));
      assert.deepEqual(await f.directory.listAdministrativeUnits(), expected);
    });
  });
}
