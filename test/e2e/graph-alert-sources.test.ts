import { strict as assert } from 'node:assert';
import { startGraphTestEnv, type GraphTestEnv } from '../support/graph-test-env.js';
import { parseFilter } from '../support/graph-emulator-alerts.js';
import { readAll } from '../support/alert-pages.js';

const DFC = 'microsoftDefenderForCloud';
const PREFER = 'include-unknown-enum-members';

/**
 * ALERT_SOURCES on the wire: the Graph alert store (real adapters in a child process, HTTPS emulator)
 * filters alerts_v2 on serviceSource, one `eq` per source joined by `or`, and sends `Prefer:
 * include-unknown-enum-members` on every read — without it Graph neither accepts nor returns Defender for
 * Cloud's member (graph-api.md §8).
 */
describe('Graph alert store: ALERT_SOURCES request shapes (emulator)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;

  before(async () => {
    env = await startGraphTestEnv({
      emulator: { pageSize: 10 },
      env: { ALERT_SOURCES: `dataLossPrevention,${DFC}` },
    });
  });
  after(async () => env?.close());
  beforeEach(() => env.emulator.reset());

  const alertReads = () => env.emulator.calls('graph', 'GET', /^\/v1\.0\/security\/alerts_v2/);

  it('lists with $filter=(serviceSource eq … or serviceSource eq …), following nextLinks, Prefer on every page', async () => {
    const { alerts, pages } = await readAll(env.host.alerts);
    assert.ok(pages > 1, 'several pages');
    assert.ok(alerts.some((a) => a.source === DFC));
    const reads = alertReads();
    assert.equal(reads.length, pages);
    assert.equal(reads[0]!.query.$filter, `(serviceSource eq 'dataLossPrevention' or serviceSource eq '${DFC}')`);
    for (const r of reads) assert.equal(r.headers.prefer, PREFER, r.rawQuery);
  });

  it('the watermark, listAssignedTo and get keep the source filter and the Prefer header', async () => {
    const since = '2026-01-02T03:04:05.1234567Z';
    await env.host.alerts.listChangedSince(since);
    const cloud = env.tenant.alerts.find((r: any) => r.serviceSource === DFC) as Record<string, any>;
    assert.equal((await env.host.alerts.get(cloud.id))?.source, DFC);
    await env.host.alerts.listAssignedTo('rui.responder@contoso.example');
    const [list, get, assigned] = alertReads();
    const sources = `(serviceSource eq 'dataLossPrevention' or serviceSource eq '${DFC}')`;
    assert.equal(list!.query.$filter, `${sources} and lastUpdateDateTime ge ${since}`);
    assert.equal(get!.path, `/v1.0/security/alerts_v2/${cloud.id}`);
    assert.match(assigned!.query.$filter!, new RegExp(`^${sources.replace(/[()]/g, '\\$&')} and assignedTo eq `));
    for (const r of [list, get, assigned]) assert.equal(r!.headers.prefer, PREFER);
  });

  it('the emulator, like Graph, refuses Defender for Cloud in $filter without the Prefer header', () => {
    const filter = `serviceSource eq '${DFC}'`;
    assert.throws(() => parseFilter(filter), /not a valid enumeration type constant/);
    assert.equal(parseFilter(filter, { evolvedEnums: true })({ serviceSource: DFC }), true);
    assert.equal(parseFilter("serviceSource eq 'dataLossPrevention'")({ serviceSource: 'dataLossPrevention' }), true);
  });
});
