import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { GraphBackendOptions } from '../../src/backends/graph/graph-backend.js';
import { buildSeedTenant } from '../../src/backends/local/local-seed.js';
import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import { GraphAdapterProcess } from './graph-adapter-process.js';
import { GraphEmulator, type GraphEmulatorOptions } from './graph-emulator.js';
import { createTestCertificate, type TestCertificate } from './test-certificate.js';

export const CLIENT_ID = '0c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
export const CLIENT_SECRET = 'emulator-client-secret-not-a-real-one';

export interface GraphTestEnv {
  dir: string;
  certificate: TestCertificate;
  tenant: LocalTenant;
  emulator: GraphEmulator;
  /** The real Graph adapters, in a child process that trusts the emulator. */
  host: GraphAdapterProcess;
  close(): Promise<void>;
}

export interface GraphTestEnvOptions {
  emulator?: Partial<Omit<GraphEmulatorOptions, 'certificate' | 'tenant'>>;
  /** Options of the Graph backend in the host (fast retries by default). */
  backend?: GraphBackendOptions;
  /** Extra environment for the host. */
  env?: Record<string, string>;
  /** The tenant the emulator serves (default: the local seed, an hour old). */
  tenant?: LocalTenant;
  /** Start the adapter host (default true). */
  host?: boolean;
}

/**
 * A temp dir with a fresh certificate, the emulator seeded with the local seed (an hour old, so every
 * change is newer) or the given tenant, and the adapter host pointed at it, with a client secret
 * through @azure/identity.
 */
export async function startGraphTestEnv(options: GraphTestEnvOptions = {}): Promise<GraphTestEnv> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-graph-'));
  const certificate = await createTestCertificate(dir);
  const tenant = options.tenant ?? buildSeedTenant(new Date(Date.now() - 3_600_000));
  const emulator = new GraphEmulator({
    certificate,
    tenant,
    tenantId: tenant.tenantId,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    ...options.emulator,
  });
  await emulator.start();
  const backend: GraphBackendOptions = {
    retry: { baseDelaySeconds: 0.2 },
    monitor: { intervalMs: 50, maxPolls: 20 },
    ...options.backend,
  };
  const host = new GraphAdapterProcess(
    { ...emulator.env(), ACCESS_POLICY_FILE: path.join(dir, 'access-policy.json'), ...options.env },
    backend,
  );
  if (options.host !== false) await host.start();
  return {
    dir,
    certificate,
    tenant,
    emulator,
    host,
    async close() {
      await host.stop();
      await emulator.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}
