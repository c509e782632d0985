import { strict as assert } from 'node:assert';
import { buildSeedTenant } from '../../src/backends/local/local-seed.js';
import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import type { AlertStore } from '../../src/triage/ports.js';
import { readAll } from '../support/alert-pages.js';

type Raw = Record<string, any>;

/** An AlertStore opened over `tenant` with ALERT_SOURCES = `sources`, and its cleanup. */
export type OpenWithSources = (
  tenant: LocalTenant,
  sources: readonly string[],
) => Promise<{ store: AlertStore; close(): Promise<void> }>;

const DFC = 'microsoftDefenderForCloud';

/**
 * ALERT_SOURCES as the AlertStore port honours it, whatever the backend: listings, `listAssignedTo` and `get`
 * answer alerts of the configured sources only (Graph: a `$filter` on serviceSource, with the Prefer header
 * that Defender for Cloud needs).
 */
export function alertSourcesContract(name: string, open: OpenWithSources): void {
  describe(`AlertStore sources contract: ${name}`, function () {
    this.timeout(60_000);
    const tenant = buildSeedTenant(new Date(Date.now() - 3_600_000));
    const raws = tenant.alerts as Raw[];
    const of = (...sources: string[]) => raws.filter((r) => sources.includes(r.serviceSource)).map((r) => r.id);
    const cloud = raws.filter((r) => r.serviceSource === DFC);
    const endpoint = raws.find((r) => r.serviceSource === 'microsoftDefenderForEndpoint')!;

    it('the seed holds Defender for Cloud alerts, one of them open and assigned', () => {
      assert.ok(cloud.length >= 3);
      assert.ok(cloud.some((r) => r.assignedTo && r.status !== 'resolved'));
    });

    it('DLP only (the default): no Defender for Cloud alert is listed, assigned or got by id', async () => {
      const { store, close } = await open(structuredClone(tenant), ['dataLossPrevention']);
      try {
        const listed = (await readAll(store)).alerts.map((a) => a.id);
        assert.deepEqual(listed.sort(), of('dataLossPrevention').sort());
        for (const r of cloud) assert.equal(await store.get(r.id), undefined, `get ${r.id}`);
        const assigned = cloud.find((r) => r.assignedTo)!;
        const mine = await store.listAssignedTo(assigned.assignedTo);
        assert.ok(!mine.some((a) => a.source === DFC));
      } finally {
        await close();
      }
    });

    it('DLP and Defender for Cloud: both are listed (with their real source), never a third product', async () => {
      const { store, close } = await open(structuredClone(tenant), ['dataLossPrevention', DFC]);
      try {
        const alerts = (await readAll(store)).alerts;
        assert.deepEqual(alerts.map((a) => a.id).sort(), of('dataLossPrevention', DFC).sort());
        const first = alerts.find((a) => a.id === cloud[0]!.id)!;
        assert.equal(first.source, DFC, 'not unknownFutureValue: the Prefer header was sent');
        assert.ok(first.threat && first.threat.resources.length > 0 && first.threat.tactics.length > 0);
        assert.equal((await store.get(cloud[1]!.id))?.source, DFC);
        assert.equal(await store.get(endpoint.id), undefined, 'Defender for Endpoint is not configured');
        const assigned = cloud.find((r) => r.assignedTo && r.status !== 'resolved')!;
        const mine = await store.listAssignedTo(assigned.assignedTo);
        assert.ok(mine.some((a) => a.id === assigned.id));
      } finally {
        await close();
      }
    });

    it('Defender for Cloud only: its alerts, no DLP alert', async () => {
      const { store, close } = await open(structuredClone(tenant), [DFC]);
      try {
        assert.deepEqual((await readAll(store)).alerts.map((a) => a.id).sort(), of(DFC).sort());
      } finally {
        await close();
      }
    });
  });
}
