/**
 * Child-process entry that hosts the real Graph adapters (GraphAlertStore, GraphDirectory,
 * GraphRemediator, GraphActivitySource, GraphRelatedAlerts) for tests, built exactly as the app builds
 * them (openGraphBackend + loadConfig); the `backend` target's `start` runs the start-up checks, as the
 * app's start does.
 * It runs as its own process because the emulator's certificate can only be trusted through
 * NODE_EXTRA_CA_CERTS, which Node reads at start-up (graph-api.md §7.x). The parent calls the adapters
 * over IPC (graph-adapter-process.ts); logs go to stdout as JSON lines.
 */
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openGraphBackend, type GraphBackendOptions } from '../../src/backends/graph/graph-backend.js';
import { systemClock } from '../../src/triage/ports.js';
import { TriageError } from '../../src/triage/triage-error.js';

export interface HostCall {
  id: number;
  target: 'alerts' | 'incidents' | 'directory' | 'remediator' | 'activity' | 'related' | 'backend';
  method: string;
  args: unknown[];
}

export type HostAnswer =
  | { id: number; ok: true; value: unknown }
  | {
      id: number;
      ok: false;
      error: { triage?: { code: TriageError['code']; userMessage: string }; name: string; message: string };
    };

const options = JSON.parse(process.env.GRAPH_HOST_OPTIONS ?? '{}') as GraphBackendOptions;
const config = loadConfig(process.env);
const log = createLogger(process.env.LOG_LEVEL ?? 'debug');
const backend = await openGraphBackend(
  config,
  { dataDir: path.resolve(config.DATA_DIR), clock: systemClock, log },
  options,
);
const targets: Record<HostCall['target'], object> = {
  alerts: backend.alerts,
  incidents: backend.incidents,
  directory: backend.directory,
  remediator: backend.remediator,
  activity: backend.activity,
  related: backend.related,
  backend: { start: () => backend.start(), credentialKind: async () => backend.credentialKind },
};

process.on('message', (call: HostCall) => {
  const target = targets[call.target] as Record<string, (...args: unknown[]) => Promise<unknown>>;
  Promise.resolve()
    .then(() => target[call.method]!(...call.args))
    .then(
      (value) => process.send!({ id: call.id, ok: true, value } satisfies HostAnswer),
      (e: unknown) => {
        const err = e as Error;
        const triage = e instanceof TriageError ? { code: e.code, userMessage: e.userMessage } : undefined;
        process.send!({
          id: call.id,
          ok: false,
          error: { triage, name: err?.name ?? 'Error', message: err?.message ?? String(e) },
        } satisfies HostAnswer);
      },
    );
});
process.send!({ id: 0, ok: true, value: 'ready' } satisfies HostAnswer);
