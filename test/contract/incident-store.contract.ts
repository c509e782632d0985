import { strict as assert } from 'node:assert';
import { mapGraphIncident } from '../../src/backends/security-incidents/incident-mapper.js';
import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import type { Incident, IncidentPatch, IncidentStore } from '../../src/triage/incidents/incident.js';
import { compareTimestamps } from '../../src/triage/timestamps.js';
import { triageError } from '../support/triage-errors.js';

type Raw = Record<string, any>;

/** One implementation under test: the store over `tenant` (the local seed) as it is after `reset`, and cleanup. */
export interface IncidentStoreFixture {
  store: IncidentStore;
  tenant: LocalTenant;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** An incident id no tenant has (Defender's ids are numbers). */
const MISSING = '1999999999';

/**
 * The IncidentStore contract: what the incident use cases rely on, whatever the backend. Run against the lowdb
 * store and the Graph store (through the emulator).
 */
export function incidentStoreContract(name: string, open: () => Promise<IncidentStoreFixture>): void {
  describe(`IncidentStore contract: ${name}`, function () {
    this.timeout(60_000);
    let f: IncidentStoreFixture;
    before(async () => {
      f = await open();
    });
    beforeEach(async () => f.reset());
    after(async () => f?.close());

    const incidents = () => f.tenant.incidents as Raw[];
    const alertsOf = (id: string) => (f.tenant.alerts as Raw[]).filter((a) => a.incidentId === id);
    /** The incident holding alerts of more than one product (DLP and Defender for Endpoint). */
    const mixed = () => incidents().find((i) => new Set(alertsOf(i.id).map((a) => a.serviceSource)).size > 1)!;
    const tagged = (tag: string) => incidents().find((i) => (i.customTags ?? []).includes(tag))!;
    const single = () => incidents().find((i) => alertsOf(i.id).length === 1 && !(i.customTags ?? []).length)!;

    /** Applies the patch, checks the answer is what get() returns now and that the version moved. */
    async function patched(id: string, patch: IncidentPatch): Promise<Incident> {
      const before = (await f.store.get(id))!;
      const after = await f.store.update(id, patch);
      assert.ok(compareTimestamps(after.lastUpdatedAt, before.lastUpdatedAt) > 0, 'the version moved');
      assert.deepEqual(await f.store.get(id), after, 'the answer is the incident as stored');
      return after;
    }

    it('gets every seeded incident as the mapper reads it: name, severity, status, tags, link, version', async () => {
      for (const raw of incidents()) assert.deepEqual(await f.store.get(raw.id), mapGraphIncident(raw), raw.id);
      assert.deepEqual((await f.store.get(tagged('VIP').id))!.customTags, ['VIP']);
      assert.deepEqual((await f.store.get(tagged('Finance').id))!.customTags, ['Finance']);
      const one = (await f.store.get(mixed().id))!;
      assert.equal(one.lastUpdatedAt, mixed().lastUpdateDateTime);
      assert.match(one.incidentUrl ?? '', /^https:\/\/security\.microsoft\.com\/incidents\//);
    });

    it('a missing incident: get is undefined, alertsOf is empty, update and comment are refused as not found', async () => {
      assert.equal(await f.store.get(MISSING), undefined);
      assert.deepEqual(await f.store.alertsOf(MISSING), []);
      await assert.rejects(f.store.update(MISSING, { status: 'inProgress' }), triageError('not-found'));
      await assert.rejects(f.store.addComment(MISSING, 'hello'), triageError('not-found'));
    });

    it('alertsOf returns every alert of the incident, of every source, newest first', async () => {
      const expected = alertsOf(mixed().id);
      const alerts = await f.store.alertsOf(mixed().id);
      assert.deepEqual(alerts.map((a) => a.id).sort(), expected.map((a) => a.id).sort());
      assert.deepEqual(
        new Set(alerts.map((a) => a.source)),
        new Set(['dataLossPrevention', 'microsoftDefenderForEndpoint']),
      );
      const created = alerts.map((a) => a.createdAt);
      assert.deepEqual(
        created,
        [...created].sort((a, b) => compareTimestamps(b, a)),
      );
      assert.ok(alerts.every((a) => a.incidentId === mixed().id));
    });

    it('status: set, and only it changes', async () => {
      const before = (await f.store.get(single().id))!;
      const after = await patched(single().id, { status: 'inProgress' });
      assert.equal(after.status, 'inProgress');
      assert.deepEqual({ ...after, status: before.status, lastUpdatedAt: before.lastUpdatedAt }, before);
      assert.equal((await patched(single().id, { status: 'resolved' })).status, 'resolved');
    });

    it('classification and determination: set together', async () => {
      const after = await patched(single().id, { classification: 'truePositive', determination: 'multiStagedAttack' });
      assert.equal(after.classification, 'truePositive');
      assert.equal(after.determination, 'multiStagedAttack');
    });

    it('assignedTo: set to a UPN, and null unassigns', async () => {
      const upn = f.tenant.directory.users[0]!.userPrincipalName;
      assert.equal((await patched(single().id, { assignedTo: upn })).assignedTo, upn);
      assert.equal((await patched(single().id, { assignedTo: null })).assignedTo, undefined);
    });

    it('customTags: the new list replaces the old one (add, remove, clear)', async () => {
      const id = tagged('VIP').id;
      assert.deepEqual((await patched(id, { customTags: ['VIP', 'Escalated'] })).customTags, ['VIP', 'Escalated']);
      assert.deepEqual((await patched(id, { customTags: ['Escalated'] })).customTags, ['Escalated']);
      assert.deepEqual((await patched(id, { customTags: [] })).customTags, []);
    });

    it('addComment appends the comment (credited to the person it was written for) and moves the version', async () => {
      const before = (await f.store.get(mixed().id))!;
      const after = await f.store.addComment(mixed().id, 'Ana Ruiz (via Teams): Called the user, it was a test.');
      assert.equal(after.comments.length, before.comments.length + 1);
      assert.deepEqual(
        { author: after.comments.at(-1)!.author, text: after.comments.at(-1)!.text },
        { author: 'Ana Ruiz', text: 'Called the user, it was a test.' },
      );
      assert.equal(after.comments.at(-1)!.createdAt, after.lastUpdatedAt);
      assert.ok(compareTimestamps(after.lastUpdatedAt, before.lastUpdatedAt) > 0);
      assert.deepEqual(await f.store.get(mixed().id), after);
    });

    it('the version moves on every change, even two in a row', async () => {
      const id = single().id;
      const versions = [(await f.store.get(id))!.lastUpdatedAt];
      versions.push((await f.store.update(id, { status: 'inProgress' })).lastUpdatedAt);
      versions.push((await f.store.update(id, { status: 'active' })).lastUpdatedAt);
      versions.push((await f.store.addComment(id, 'one more')).lastUpdatedAt);
      for (let i = 1; i < versions.length; i++)
        assert.ok(compareTimestamps(versions[i]!, versions[i - 1]!) > 0, versions.join());
    });

    it('an empty patch changes nothing, not even the version; on a missing incident it is not found', async () => {
      const before = (await f.store.get(single().id))!;
      assert.deepEqual(await f.store.update(single().id, {}), before);
      assert.deepEqual(await f.store.get(single().id), before);
      await assert.rejects(f.store.update(MISSING, {}), triageError('not-found'));
    });

    it('a value Graph does not know (PascalCase, awaitingAction) is refused as invalid and nothing changes', async () => {
      const before = (await f.store.get(single().id))!;
      for (const patch of [{ classification: 'TruePositive' }, { status: 'awaitingAction' }, { determination: 'nope' }])
        await assert.rejects(f.store.update(single().id, patch as IncidentPatch), triageError('invalid'));
      assert.deepEqual(await f.store.get(single().id), before);
    });
  });
}
