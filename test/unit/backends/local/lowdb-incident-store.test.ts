import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import type { LocalTenant } from '../../../../src/backends/local/local-tenant-schema.js';
import { LowdbAlertStore } from '../../../../src/backends/local/lowdb-alert-store.js';
import { LowdbIncidentStore } from '../../../../src/backends/local/lowdb-incident-store.js';
import type { Clock } from '../../../../src/triage/ports.js';
import { compareTimestamps } from '../../../../src/triage/timestamps.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
type Raw = Record<string, any>;

/** The local incident store over a tenant file: old files, a frozen clock, hand edits, one queue with the alerts. */
describe('LowdbIncidentStore', () => {
  const tmp = useTempDir('lowdb-incidents-');
  const clock: Clock = { now: () => new Date(NOW) };
  const file = () => path.join(tmp.path, 'local-tenant.json');
  const seed = buildSeedTenant(new Date(NOW - 3_600_000));
  const open = async (tenant: LocalTenant = seed) => {
    const alerts = await LowdbAlertStore.open(file(), () => structuredClone(tenant), clock);
    return { alerts, incidents: new LowdbIncidentStore(alerts, clock) };
  };
  const onDisk = async (): Promise<Raw> => JSON.parse(await fs.readFile(file(), 'utf8'));
  const firstIncident = () => seed.incidents![0]!;

  it('a file written before incidents were seeded: an incident is derived from its alerts, and kept on its first change', async () => {
    const { incidents: _dropped, ...older } = structuredClone(seed);
    const { incidents } = await open(older as LocalTenant);
    const id = String((seed.alerts[0] as Raw).incidentId);
    const derived = (await incidents.get(id))!;
    assert.equal(derived.id, id);
    assert.deepEqual(derived.customTags, []);
    assert.equal((await onDisk()).incidents, undefined, 'reading writes nothing');
    const changed = await incidents.update(id, { customTags: ['VIP'] });
    assert.deepEqual(changed.customTags, ['VIP']);
    const table = (await onDisk()).incidents as Raw[];
    assert.deepEqual(
      table.map((i) => [i.id, i.customTags]),
      [[id, ['VIP']]],
    );
  });

  it('incidents written before their analyst fields existed load as unassigned, unclassified, untagged', async () => {
    const older = structuredClone(seed) as Raw;
    for (const i of older.incidents) {
      for (const key of ['assignedTo', 'classification', 'determination', 'customTags', 'systemTags', 'comments'])
        delete i[key];
    }
    const { incidents } = await open(older as LocalTenant);
    const got = (await incidents.get(firstIncident().id))!;
    assert.deepEqual(
      [got.assignedTo, got.classification, got.determination, got.customTags, got.comments],
      [undefined, 'unknown', 'unknown', [], []],
    );
  });

  it('with the clock standing still (or behind), every change still gets a strictly newer version', async () => {
    const { incidents } = await open();
    const id = firstIncident().id;
    const versions = [(await incidents.get(id))!.lastUpdatedAt];
    for (const status of ['inProgress', 'active', 'resolved'] as const)
      versions.push((await incidents.update(id, { status })).lastUpdatedAt);
    versions.push((await incidents.addComment(id, 'noted')).lastUpdatedAt);
    for (let i = 1; i < versions.length; i++) assert.ok(compareTimestamps(versions[i]!, versions[i - 1]!) > 0);
  });

  it('a hand edit of the file is seen on the next read', async () => {
    const { incidents } = await open();
    const tenant = await onDisk();
    tenant.incidents[0].customTags = ['Edited by hand'];
    await fs.writeFile(file(), JSON.stringify(tenant));
    const { mtimeMs } = await fs.stat(file());
    await fs.utimes(file(), new Date(), new Date(mtimeMs + 5_000));
    assert.deepEqual((await incidents.get(firstIncident().id))!.customTags, ['Edited by hand']);
  });

  it('alert and incident changes made at once are both kept (one file, one queue)', async () => {
    const { alerts, incidents } = await open();
    const alertId = String((seed.alerts[0] as Raw).id);
    await Promise.all([
      alerts.update(alertId, { status: 'inProgress' }),
      incidents.update(firstIncident().id, { customTags: ['Both'] }),
      alerts.addComment(alertId, 'one'),
      incidents.addComment(firstIncident().id, 'two'),
    ]);
    const disk = await onDisk();
    const alert = (disk.alerts as Raw[]).find((a) => a.id === alertId)!;
    const incident = (disk.incidents as Raw[]).find((i) => i.id === firstIncident().id)!;
    assert.equal(alert.status, 'inProgress');
    assert.equal(alert.comments.at(-1).comment, 'one');
    assert.deepEqual(incident.customTags, ['Both']);
    assert.equal(incident.comments.at(-1).comment, 'two');
  });
});
