/**
 * The bot alone, for the idle-memory measurement: composes and starts the app exactly as src/index.ts
 * does (default options and limits) on an existing DATA_DIR, lets it idle, forces GC, and prints one
 * JSON line with its memory. Run by bench/run.ts as `node --expose-gc --import tsx bench/idle-bot.ts DIR`.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeApp } from '../src/app/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { benchEnv, sleep } from './lib.js';

const dataDir = process.argv[2];
const idleMs = Number(process.argv[3] ?? 6_000);
if (!dataDir) throw new Error('usage: idle-bot.ts DATA_DIR [idleMs]');

const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const afterImports = process.memoryUsage();
const t0 = performance.now();
// Same configuration as the bench's app (poll every 1 s), so idle includes the poller's steady state.
const app = await composeApp(loadConfig(benchEnv(dataDir)), createLogger('silent'));
const { port } = await app.start();
const startMs = performance.now() - t0;
const afterStart = process.memoryUsage();

await sleep(idleMs);
const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
  outbox?: { pending: number; inFlight: number };
};
const beforeGc = process.memoryUsage();
if (gc) {
  gc();
  await sleep(200);
  gc();
}
const afterGc = process.memoryUsage();
const files: Record<string, number> = {};
for (const name of await fs.readdir(dataDir)) files[name] = (await fs.stat(path.join(dataDir, name))).size;

process.stdout.write(
  JSON.stringify({
    startMs,
    idleMs,
    gcAvailable: !!gc,
    alerts: app.localStore!.tenant().alerts.length,
    postedCards: app.cards.size,
    outbox: health.outbox,
    afterImports,
    afterStart,
    beforeGc,
    afterGc,
    files,
  }) + '\n',
);
await app.stop();
process.exit(0);
