import { strict as assert } from 'node:assert';
import { PERSONAS, auId, groupId } from '../../../../src/backends/local/local-seed.js';
import { TriageError } from '../../../../src/triage/triage-error.js';
import { startGraphTestEnv, type GraphTestEnv } from '../../../support/graph-test-env.js';

const rui = PERSONAS[3].id;
const lena = 'b0000000-0000-4000-8000-000000000001';

/** GraphDirectory against the emulator: the calls it makes, its fallbacks, and what a missing permission does. */
describe('GraphDirectory over HTTPS (emulator)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;

  before(async () => {
    env = await startGraphTestEnv({ emulator: { directoryPageSize: 2 } });
  });
  beforeEach(() => env.emulator.reset());
  after(async () => env?.close());

  it('transitive security groups in one getMemberGroups call (securityEnabledOnly)', async () => {
    assert.deepEqual((await env.host.directory.groupsOf(rui)).sort(), [groupId(2), groupId(3), groupId(6)]);
    const [call] = env.emulator.calls('graph', 'POST');
    assert.equal(call!.path, `/v1.0/users/${rui}/getMemberGroups`);
    assert.deepEqual(call!.body, { securityEnabledOnly: true });
  });

  it('past getMemberGroups’ result limit, the paged transitiveMemberOf cast with ConsistencyLevel: eventual gives the same groups', async () => {
    env.emulator.tooManyGroups.add(rui);
    assert.deepEqual((await env.host.directory.groupsOf(rui)).sort(), [groupId(2), groupId(3), groupId(6)]);
    const pages = env.emulator.calls('graph', 'GET', /transitiveMemberOf/);
    assert.equal(pages.length, 2, 'three groups, two per page');
    assert.ok(pages.every((p) => p.headers.consistencylevel === 'eventual' && p.status === 200));
  });

  it('administrative units of a user with their names; without AdministrativeUnit.Read.All they still match by id', async () => {
    assert.deepEqual(await env.host.directory.administrativeUnitsOf(lena), [{ id: auId(1), displayName: 'EMEA' }]);
    env.emulator.roles.delete('AdministrativeUnit.Read.All');
    assert.deepEqual(await env.host.directory.administrativeUnitsOf(lena), [{ id: auId(1), displayName: auId(1) }]);
  });

  it('a missing permission is a forbidden error that names it (the access model then fails closed)', async () => {
    env.emulator.roles.delete('GroupMember.Read.All');
    await assert.rejects(
      env.host.directory.groupsOf(rui),
      (e: unknown) =>
        e instanceof TriageError &&
        e.code === 'forbidden' &&
        /GroupMember\.Read\.All and User\.Read\.All/.test(e.userMessage),
    );
    env.emulator.roles.delete('AdministrativeUnit.Read.All');
    await assert.rejects(
      env.host.directory.listAdministrativeUnits(),
      (e: unknown) =>
        e instanceof TriageError && e.code === 'forbidden' && /AdministrativeUnit\.Read\.All/.test(e.userMessage),
    );
  });

  it('a directory that does not answer is unavailable, not "no groups"', async () => {
    env.emulator.failNext({ path: /getMemberGroups$/, status: 503, times: 10, headers: { 'Retry-After': '0' } });
    await assert.rejects(
      env.host.directory.groupsOf(rui),
      (e: unknown) => e instanceof TriageError && e.code === 'unavailable',
    );
  });

  it('user lookups select only what the port needs; a guest UPN with # is path-encoded', async () => {
    assert.equal(await env.host.directory.getUser('guest_fabrikam.com#EXT#@contoso.example'), undefined);
    const calls = env.emulator.calls('graph', 'GET', /^\/v1\.0\/users\//);
    assert.equal(calls[0]!.path, '/v1.0/users/guest_fabrikam.com#EXT#@contoso.example');
    assert.equal(calls[0]!.query.$select, 'id,displayName,userPrincipalName,accountEnabled');
  });
});
