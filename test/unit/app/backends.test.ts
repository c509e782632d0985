import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import { BACKEND_OPENERS, openBackend, type BackendOpeners } from '../../../src/app/backends.js';
import type { BackendEnv } from '../../../src/backends/backend.js';
import { buildLocalAccessPolicy } from '../../../src/backends/local/local-access-policy.js';
import { openLocalBackend } from '../../../src/backends/local/local-backend.js';
import { buildSeedTenant, PERSONAS } from '../../../src/backends/local/local-seed.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { accessPolicyFileSchema } from '../../../src/state/file/access-policy-file.js';
import { useTempDir } from '../../support/unit-temp-dir.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');

/** Every value ALERT_BACKEND takes has an opener: leaving one out does not compile. */
// @ts-expect-error -- 'graph' is missing
const _withoutGraph: BackendOpeners = { local: BACKEND_OPENERS.local };

describe('backends: one folder each, chosen in one place', () => {
  const dir = useTempDir('dlp-backends-');
  const env = (): BackendEnv => ({ dataDir: dir.path, clock: { now: () => NOW }, log: createLogger('silent') });
  let timers: sinon.SinonFakeTimers | undefined;
  afterEach(() => timers?.restore());

  /** Waits (on real timers) until `predicate` holds; fails after two seconds. */
  async function until(predicate: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !predicate(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(predicate(), 'the condition never held');
  }

  it('ALERT_BACKEND picks the opener; every configured value has one', async () => {
    assert.deepEqual(Object.keys(BACKEND_OPENERS).sort(), ['graph', 'local']);
    const backend = await openBackend(loadConfig({ DATA_DIR: dir.path }), env());
    assert.ok('localStore' in backend, 'the default backend is the local one');
    assert.equal(backend.alerts, backend.localStore);
    assert.equal(backend.localStore.file, path.join(dir.path, 'local-tenant.json'));
  });

  it('the local backend: the seed tenant, its directory and remediator, the personas policy to write', async () => {
    const backend = await openLocalBackend(loadConfig({ DATA_DIR: dir.path }), env());
    const seeded = buildSeedTenant(NOW).alerts.length;
    assert.equal(backend.localStore.tenant().alerts.length, seeded);
    const page = await backend.alerts.listChangedSince(undefined);
    assert.ok(page.alerts.length > 0);
    const [avery] = PERSONAS;
    assert.equal((await backend.directory.getUser(avery.id))?.displayName, avery.displayName);
    const alert = page.alerts.find((a) => a.subject?.id)!;
    assert.ok((await backend.remediator.plan(alert, 'revokeSessions')).length > 0);
    assert.deepEqual(backend.demoAccessPolicy, buildLocalAccessPolicy());
    assert.ok(accessPolicyFileSchema.safeParse(backend.demoAccessPolicy).success);
    await fs.access(path.join(dir.path, 'local-remediation.json'));
  });

  it('the local demo feed adds alerts only between start() and stop()', async () => {
    timers = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const backend = await openLocalBackend(loadConfig({ DATA_DIR: dir.path, DEMO_ALERT_INTERVAL_SECONDS: '5' }), env());
    const count = () => backend.localStore.tenant().alerts.length;
    const seeded = count();
    await timers.tickAsync(15_000);
    assert.equal(count(), seeded, 'nothing before start()');
    await backend.start();
    await timers.tickAsync(5_000);
    await until(() => count() === seeded + 1);
    await backend.stop();
    await timers.tickAsync(15_000);
    // Reads queue behind writes: once this answers, any add the timer had started is in the file.
    const { alerts } = await backend.alerts.listChangedSince(new Date(NOW.getTime() - 1).toISOString());
    assert.equal(count(), seeded + 1, 'nothing after stop()');
    assert.equal(alerts.length, 1, 'the demo alert is stamped now');
  });

  it('the Graph backend is chosen by ALERT_BACKEND=graph and offers no demo policy', async () => {
    const config = loadConfig({
      DATA_DIR: dir.path,
      ALERT_BACKEND: 'graph',
      ACCESS_POLICY_FILE: path.join(dir.path, 'policy.json'),
      AZURE_TENANT_ID: '11111111-2222-4333-8444-555555555555',
      AZURE_CLIENT_ID: '22222222-2222-4333-8444-555555555555',
      AZURE_CLIENT_SECRET: 'not-used-before-start',
    });
    const backend = await openBackend(config, env());
    assert.ok(!('localStore' in backend));
    assert.equal(backend.demoAccessPolicy, undefined);
    await backend.stop();
  });
});
