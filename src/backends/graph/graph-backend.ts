import type { Config } from '../../config.js';
import type { Backend, BackendEnv } from '../backend.js';
import { createAzureCredential, type CredentialKind } from './azure-credential.js';
import { GraphActivitySource } from './graph-activity-source.js';
import { GraphAlertStore } from './graph-alert-store.js';
import { createRestClient, defaultScopeOf, isSecurityApi, type RetrySettings } from './graph-client.js';
import { GraphDirectory } from './graph-directory.js';
import type { FileRemediationOptions } from './graph-file-remediation.js';
import { GraphGateway } from './graph-gateway.js';
import { GraphIncidentStore } from './graph-incident-store.js';
import { GraphRelatedAlerts } from './graph-related-alerts.js';
import { GraphRemediator } from './graph-remediator.js';
import { checkGraphAccess } from './graph-startup-check.js';
import { MDE_API_WINDOWS, RequestPacer, SECURITY_API_WINDOWS } from './request-pacer.js';

/**
 * The Graph backend: its adapters, built from one credential. `start()` runs the start-up checks
 * (graph-startup-check.ts) and throws when the bot cannot work with this tenant.
 */
export interface GraphBackend extends Backend {
  readonly alerts: GraphAlertStore;
  readonly incidents: GraphIncidentStore;
  readonly directory: GraphDirectory;
  readonly remediator: GraphRemediator;
  readonly activity: GraphActivitySource;
  readonly related: GraphRelatedAlerts;
  readonly credentialKind: CredentialKind;
}

export type GraphBackendSettings = Pick<
  Config,
  | 'GRAPH_ENDPOINT'
  | 'GRAPH_APP_DISPLAY_NAME'
  | 'MDE_API_ENDPOINT'
  | 'MDE_API_SCOPE'
  | 'REMEDIATION_SENSITIVITY_LABEL'
  | 'REMEDIATION_SENSITIVITY_LABEL_ID'
  | 'REMEDIATION_RETENTION_LABEL'
> &
  Parameters<typeof createAzureCredential>[0];

export interface GraphBackendOptions {
  retry?: RetrySettings;
  /** Alerts per page (default 100). */
  pageSize?: number;
  monitor?: FileRemediationOptions['monitor'];
  /** Per-attempt timeout of every call, ms (default 30 s). */
  timeoutMs?: number;
}

/**
 * Builds the Graph backend: one `@azure/identity` credential, a Graph client (token audience
 * GRAPH_ENDPOINT, `/security` paced under 150 calls per minute) and a Defender for Endpoint client on
 * its own audience (MDE_API_SCOPE, default MDE_API_ENDPOINT/.default), and the adapters over them.
 * Nothing is called before `start()`.
 */
export async function openGraphBackend(
  settings: GraphBackendSettings,
  { log }: BackendEnv,
  options: GraphBackendOptions = {},
): Promise<GraphBackend> {
  const { kind, credential } = createAzureCredential(settings);
  const graphScope = defaultScopeOf(settings.GRAPH_ENDPOINT);
  const mdeScope = settings.MDE_API_SCOPE ?? defaultScopeOf(settings.MDE_API_ENDPOINT);
  const securityPacer = new RequestPacer(SECURITY_API_WINDOWS);
  const mdePacer = new RequestPacer(MDE_API_WINDOWS);
  const graphLog = log.child({ component: 'graph' });
  const graph = new GraphGateway(
    createRestClient({
      credential,
      scope: graphScope,
      origin: settings.GRAPH_ENDPOINT,
      version: 'v1.0',
      log: graphLog,
      api: 'graph',
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      pacerFor: (url) => (isSecurityApi(url) ? securityPacer : undefined),
    }),
    graphLog,
    settings.GRAPH_ENDPOINT,
  );
  const mdeLog = log.child({ component: 'mde' });
  const mde = new GraphGateway(
    createRestClient({
      credential,
      scope: mdeScope,
      origin: settings.MDE_API_ENDPOINT,
      version: 'api',
      log: mdeLog,
      api: 'mde',
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      pacerFor: () => mdePacer,
    }),
    mdeLog,
    settings.MDE_API_ENDPOINT,
  );
  const directory = new GraphDirectory(graph, graphLog);
  return {
    alerts: new GraphAlertStore(graph, graphLog, {
      pageSize: options.pageSize,
      appDisplayName: settings.GRAPH_APP_DISPLAY_NAME,
    }),
    incidents: new GraphIncidentStore(graph, graphLog, { appDisplayName: settings.GRAPH_APP_DISPLAY_NAME }),
    directory,
    remediator: new GraphRemediator(graph, mde, graphLog, fileRemediationOptions(settings, options)),
    activity: new GraphActivitySource(graph, graphLog),
    related: new GraphRelatedAlerts(graph, graphLog, { directory, appDisplayName: settings.GRAPH_APP_DISPLAY_NAME }),
    credentialKind: kind,
    start: () => checkGraphAccess({ credential, kind, graphScope, mdeScope, graph, log: graphLog }),
    async stop() {},
  };
}

/** The labels file remediations set (REMEDIATION_*), and how a label job is watched. */
function fileRemediationOptions(settings: GraphBackendSettings, options: GraphBackendOptions): FileRemediationOptions {
  const labelId = settings.REMEDIATION_SENSITIVITY_LABEL_ID;
  return {
    ...(labelId ? { sensitivityLabel: { id: labelId, name: settings.REMEDIATION_SENSITIVITY_LABEL ?? labelId } } : {}),
    ...(settings.REMEDIATION_RETENTION_LABEL ? { retentionLabel: settings.REMEDIATION_RETENTION_LABEL } : {}),
    ...(options.monitor ? { monitor: options.monitor } : {}),
  };
}
