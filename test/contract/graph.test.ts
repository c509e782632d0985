import { mapGraphAlert } from '../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { buildRemediationSeed } from '../../src/backends/local/local-remediation-state.js';
import { startGraphTestEnv } from '../support/graph-test-env.js';
import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import { activitySourceContract } from './activity-source.contract.js';
import { dlpEventSourceContract } from './dlp-event-source.contract.js';
import { alertStoreContract } from './alert-store.contract.js';
import { directoryContract } from './directory.contract.js';
import { incidentStoreContract } from './incident-store.contract.js';
import { relatedAlertsContract } from './related-alerts.contract.js';
import { remediatorContract } from './remediator.contract.js';

/**
 * The same contract suites as the local backend, against the Graph adapters: real @azure/identity and
 * Graph client in a child process, talking HTTPS to the emulator (test/support/graph-emulator.ts), which
 * pages alerts 10 at a time and directory collections 2 at a time so every listing follows nextLinks.
 */

alertStoreContract('Microsoft Graph (emulator)', async () => {
  const env = await startGraphTestEnv({ emulator: { pageSize: 10 } });
  return {
    store: env.host.alerts,
    raws: env.tenant.alerts as Record<string, unknown>[],
    reset: async () => env.emulator.reset(),
    close: env.close,
  };
});

directoryContract('Microsoft Graph (emulator)', async () => {
  const env = await startGraphTestEnv({ emulator: { directoryPageSize: 2 } });
  return { directory: env.host.directory, tenant: env.tenant.directory, close: env.close };
});

remediatorContract('Microsoft Graph + Defender for Endpoint (emulator)', async () => {
  const env = await startGraphTestEnv({ emulator: { directoryPageSize: 2 } });
  const raws = env.tenant.alerts as Record<string, unknown>[];
  return {
    remediator: env.host.remediator,
    alerts: raws.map((r) => mapGraphAlert(r)),
    seed: buildRemediationSeed(raws),
    reset: async () => env.emulator.reset(),
    close: env.close,
  };
});

relatedAlertsContract('Microsoft Graph (emulator)', async (tenant: LocalTenant) => {
  const env = await startGraphTestEnv({ tenant, emulator: { pageSize: 10 } });
  return { source: env.host.related, close: env.close };
});

activitySourceContract('Microsoft Graph advanced hunting (emulator)', async (tenant: LocalTenant) => {
  const env = await startGraphTestEnv({ tenant });
  return { source: env.host.activity, close: env.close };
});

dlpEventSourceContract('Microsoft Graph advanced hunting (emulator)', async (tenant: LocalTenant) => {
  const env = await startGraphTestEnv({ tenant });
  return { source: env.host.activity, close: env.close };
});

incidentStoreContract('Microsoft Graph (emulator)', async () => {
  // Two alerts a page: an incident's alerts are read across nextLinks.
  const env = await startGraphTestEnv({ emulator: { pageSize: 2 } });
  return { store: env.host.incidents, tenant: env.tenant, reset: async () => env.emulator.reset(), close: env.close };
});
