import path from 'node:path';
import type { Config } from '../../config.js';
import type { Backend, BackendEnv } from '../backend.js';
import { DemoAlertFeed } from './demo-alert-feed.js';
import { buildLocalAccessPolicy } from './local-access-policy.js';
import { LocalActivitySource } from './local-activity-source.js';
import { LocalDirectory } from './local-directory.js';
import { LocalRelatedAlerts } from './local-related-alerts.js';
import { LocalRemediator } from './local-remediator.js';
import { buildSeedTenant } from './local-seed.js';
import { LowdbAlertStore } from './lowdb-alert-store.js';
import { LowdbIncidentStore } from './lowdb-incident-store.js';

export type LocalBackendSettings = Pick<
  Config,
  'DEMO_ALERT_INTERVAL_SECONDS' | 'REMEDIATION_SENSITIVITY_LABEL' | 'REMEDIATION_RETENTION_LABEL'
> &
  /** ALERT_SOURCES (DLP only when absent) and LOCAL_SEED_STORM (off when absent). */
  Partial<Pick<Config, 'ALERT_SOURCES' | 'LOCAL_SEED_STORM'>>;

/** The local backend: a Backend whose tenant is a file in DATA_DIR that this process owns. */
export interface LocalBackend extends Backend {
  /** The tenant file's store: tests and benchmarks fill it and read it directly. */
  readonly localStore: LowdbAlertStore;
  readonly demoAccessPolicy: NonNullable<Backend['demoAccessPolicy']>;
}

/**
 * The embedded lowdb backend: the sample tenant (`local-tenant.json`, seeded on first start), simulated
 * remediation state in its own file (`local-remediation.json`), the demo personas' access policy, and
 * the demo feed (DEMO_ALERT_INTERVAL_SECONDS), which runs between `start()` and `stop()`.
 */
export async function openLocalBackend(settings: LocalBackendSettings, env: BackendEnv): Promise<LocalBackend> {
  const { dataDir, clock, log } = env;
  const seed = (now: Date) => buildSeedTenant(now, { storm: settings.LOCAL_SEED_STORM ?? false });
  const store = await LowdbAlertStore.open(path.join(dataDir, 'local-tenant.json'), seed, clock, {
    sources: settings.ALERT_SOURCES,
  });
  // Remediation state lives in its own file: the tenant file is the alert store's.
  const remediator = await LocalRemediator.open(
    path.join(dataDir, 'local-remediation.json'),
    () => store.tenant().alerts,
    clock,
    {
      ...(settings.REMEDIATION_SENSITIVITY_LABEL ? { sensitivityLabel: settings.REMEDIATION_SENSITIVITY_LABEL } : {}),
      ...(settings.REMEDIATION_RETENTION_LABEL ? { retentionLabel: settings.REMEDIATION_RETENTION_LABEL } : {}),
    },
  );
  const feed = new DemoAlertFeed(store, settings.DEMO_ALERT_INTERVAL_SECONDS * 1000, clock, log);
  return {
    alerts: store,
    incidents: new LowdbIncidentStore(store, clock),
    directory: new LocalDirectory(() => store.tenant()),
    remediator,
    activity: new LocalActivitySource(
      () => store.activityRows(),
      () => store.dataSecurityEventRows(),
    ),
    related: new LocalRelatedAlerts(() => store.allAlerts()),
    demoAccessPolicy: buildLocalAccessPolicy(),
    localStore: store,
    async start() {
      feed.start();
    },
    async stop() {
      feed.stop();
    },
  };
}
