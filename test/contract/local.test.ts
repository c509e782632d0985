import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mapGraphAlert } from '../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { LocalDirectory } from '../../src/backends/local/local-directory.js';
import { buildRemediationSeed } from '../../src/backends/local/local-remediation-state.js';
import { LocalRemediator } from '../../src/backends/local/local-remediator.js';
import { buildSeedTenant } from '../../src/backends/local/local-seed.js';
import { LowdbAlertStore } from '../../src/backends/local/lowdb-alert-store.js';
import { LowdbIncidentStore } from '../../src/backends/local/lowdb-incident-store.js';
import type { IncidentStore } from '../../src/triage/incidents/incident.js';
import { incidentStoreContract } from './incident-store.contract.js';
import { systemClock } from '../../src/triage/ports.js';
import { MemoryAlertStore } from '../support/memory-alert-store.js';
import { alertStoreContract } from './alert-store.contract.js';
import { directoryContract } from './directory.contract.js';
import { remediatorContract } from './remediator.contract.js';
import { activitySourceContract } from './activity-source.contract.js';
import { dlpEventSourceContract } from './dlp-event-source.contract.js';
import { relatedAlertsContract } from './related-alerts.contract.js';
import { openLocalBackend } from '../../src/backends/local/local-backend.js';
import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import { createLogger } from '../../src/logger.js';

/** An hour ago: every change the stores make is newer than the seed. */
const tenant = buildSeedTenant(new Date(Date.now() - 3_600_000));
const raws = tenant.alerts as Record<string, unknown>[];

async function tempDir(): Promise<{ dir: string; close(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-contract-'));
  return { dir, close: () => fs.rm(dir, { recursive: true, force: true }) };
}

alertStoreContract('lowdb (local backend)', async () => {
  const tmp = await tempDir();
  const file = path.join(tmp.dir, 'local-tenant.json');
  const fixture = {
    store: undefined as unknown as LowdbAlertStore,
    raws,
    async reset() {
      await fs.rm(file, { force: true });
      fixture.store = await LowdbAlertStore.open(file, () => structuredClone(tenant), systemClock);
    },
    close: tmp.close,
  };
  return fixture;
});

alertStoreContract('in-memory fake', async () => {
  const fixture = {
    store: new MemoryAlertStore(raws, systemClock),
    raws,
    async reset() {
      fixture.store = new MemoryAlertStore(raws, systemClock);
    },
    close: async () => undefined,
  };
  return fixture;
});

directoryContract('local directory', async () => ({
  directory: new LocalDirectory(() => tenant),
  tenant: tenant.directory,
  close: async () => undefined,
}));

remediatorContract('local simulation', async () => {
  const tmp = await tempDir();
  const file = path.join(tmp.dir, 'local-remediation.json');
  const fixture = {
    remediator: undefined as unknown as LocalRemediator,
    alerts: raws.map((r) => mapGraphAlert(r)),
    seed: buildRemediationSeed(raws),
    async reset() {
      await fs.rm(file, { force: true });
      fixture.remediator = await LocalRemediator.open(file, () => raws, systemClock);
    },
    close: tmp.close,
  };
  return fixture;
});

/** The local backend as the app opens it, over a tenant file written with `tenant`. */
async function localBackendOver(tenant: LocalTenant) {
  const tmp = await tempDir();
  await fs.writeFile(path.join(tmp.dir, 'local-tenant.json'), JSON.stringify(tenant));
  const settings = {
    DEMO_ALERT_INTERVAL_SECONDS: 0,
    REMEDIATION_SENSITIVITY_LABEL: '',
    REMEDIATION_RETENTION_LABEL: '',
  };
  const backend = await openLocalBackend(settings, {
    dataDir: tmp.dir,
    clock: systemClock,
    log: createLogger('silent'),
  });
  return { backend, close: tmp.close };
}

relatedAlertsContract('local backend', async (tenant) => {
  const { backend, close } = await localBackendOver(tenant);
  return { source: backend.related!, close };
});

relatedAlertsContract('in-memory fake', async (tenant) => ({
  source: new MemoryAlertStore(tenant.alerts, systemClock),
  close: async () => undefined,
}));

activitySourceContract('local backend', async (tenant) => {
  const { backend, close } = await localBackendOver(tenant);
  return { source: backend.activity!, close };
});

dlpEventSourceContract('local backend', async (tenant) => {
  const { backend, close } = await localBackendOver(tenant);
  return { source: backend.activity!, close };
});

incidentStoreContract('lowdb (local backend)', async () => {
  const tmp = await tempDir();
  const file = path.join(tmp.dir, 'local-tenant.json');
  const fixture = {
    store: undefined as unknown as IncidentStore,
    tenant,
    async reset() {
      await fs.rm(file, { force: true });
      fixture.store = new LowdbIncidentStore(
        await LowdbAlertStore.open(file, () => structuredClone(tenant), systemClock),
        systemClock,
      );
    },
    close: tmp.close,
  };
  return fixture;
});
