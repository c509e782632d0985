import { promises as fs, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeApp, type App, type AppOptions } from '../src/app/app.js';
import { loadConfig } from '../src/config.js';
import type { OutboxItem } from '../src/delivery/outbox.js';
import { createLogger } from '../src/logger.js';
import { makeDemoRecords } from '../src/backends/local/demo-alert-generator.js';
import type { LowdbAlertStore } from '../src/backends/local/lowdb-alert-store.js';
import type { FakeTeamsConnector, RecordedCall } from '../test/support/fake-teams-connector.js';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The environment a bench app gets. Built from scratch (not from process.env) so a developer's shell
 * (MicrosoftAppId, ALLOWED_TENANT_IDS, DEMO_ALERT_INTERVAL_SECONDS...) cannot change what is measured.
 */
export function benchEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  // Demo alerts one second apart repeat a user and policy within minutes: storm control (issue 13) would
  // fold them, and the bench measures one thread per alert.
  const storms = { STORM_THRESHOLD: '1000' };
  return { DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', POLL_INTERVAL_SECONDS: '1', ...storms, ...extra };
}

export interface BenchApp {
  app: App;
  dataDir: string;
  alertIds: string[];
  /** Wall time to fill the store (lowdb rewrites its whole file per addAlerts call). */
  seedMs: number;
}

/** A composed (not started) app on a fresh temp DATA_DIR whose store holds exactly `alerts` DLP alerts. */
export async function openBenchApp(
  alerts: number,
  env: Record<string, string>,
  options: AppOptions,
): Promise<BenchApp> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-bench-'));
  liveDirs.add(dataDir);
  const app = await composeApp(loadConfig(benchEnv(dataDir, env)), createLogger('silent'), options);
  const started = performance.now();
  await fillStore(app.localStore!, alerts);
  const seedMs = performance.now() - started;
  const alertIds = dlpAlertsIn(app.localStore!).map((a) => String((a as { id: unknown }).id));
  if (alertIds.length !== alerts) throw new Error(`store holds ${alertIds.length} DLP alerts, wanted ${alerts}`);
  return { app, dataDir, alertIds, seedMs };
}

/**
 * Adds demo alerts (distinct sequences, lastUpdateDateTime one second apart and in the past, as a real
 * backlog would have), with their incidents and activity, in batches of 2,500 until the store holds `total`.
 */
async function fillStore(store: LowdbAlertStore, total: number): Promise<void> {
  const tenant = store.tenant();
  const missing = total - dlpAlertsIn(store).length;
  if (missing < 0) throw new Error(`the seed alone has ${total - missing} DLP alerts, more than ${total}`);
  const firstMs = Date.now() - (missing + 60) * 1000;
  for (let done = 0; done < missing;) {
    const n = Math.min(2_500, missing - done);
    // Each alert comes with what the tenant records with it (its incident, its user's activity around it),
    // so an investigation in the bench reads tables of a realistic size.
    const records = Array.from({ length: n }, (_, k) =>
      makeDemoRecords(done + k, new Date(firstMs + (done + k) * 1000), tenant),
    );
    await store.addAlerts(
      records.map((r) => r.alert),
      { incidents: records.flatMap((r) => r.incidents), activity: records.flatMap((r) => r.activity) },
    );
    done += n;
  }
}

/** The store's DLP alerts: the ones that become cards (the seed also holds a correlated Defender alert). */
const dlpAlertsIn = (store: LowdbAlertStore) =>
  store.tenant().alerts.filter((a) => (a as { serviceSource?: unknown }).serviceSource === 'dataLossPrevention');

/** Temp DATA_DIRs not removed yet (removed by `removeLiveDirs` when the bench fails half-way). */
const liveDirs = new Set<string>();

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
  liveDirs.delete(dir);
}

export async function removeLiveDirs(): Promise<void> {
  await Promise.all([...liveDirs].map((d) => removeDir(d)));
}

/** Polls `predicate` every `intervalMs`; false when `timeoutMs` passed first. */
export async function waitUntil(predicate: () => boolean, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() >= deadline) return false;
    await sleep(intervalMs);
  }
  return true;
}

/**
 * Waits until the event loop has been nearly idle (utilization below `below`) for a whole `windowMs`, at most
 * `timeoutMs`: what the previous section left behind (journal compactions, the poller catching up, the
 * garbage of 10,000 posts) is not measured as the next section's latency. Answers how long it waited.
 */
export async function waitForQuiet(below = 0.05, windowMs = 500, timeoutMs = 15_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const before = performance.eventLoopUtilization();
    await sleep(windowMs);
    const waited = performance.now() - started;
    if (performance.eventLoopUtilization(before).utilization < below || waited >= timeoutMs) return waited;
  }
}

/** POSTs an activity to the bot over HTTP, as Teams would. */
export async function sendActivity(port: number, activity: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/**
 * Follows the fake connector's call log incrementally (the connector's own `threadsIn()` filters every
 * call each time): new threads in `channelId` and every other successful call aimed at that channel.
 */
export class ChannelWatcher {
  /** Arrival times (connector's Date.now()) of successful new threads in the channel. */
  readonly threadTimes: number[] = [];
  /** Arrival times of every successful call into the channel: threads plus in-turn replies (welcome). */
  readonly channelCallTimes: number[] = [];
  /** Arrival times of the successful calls into the channel that are not new threads. */
  readonly otherCallTimes: number[] = [];
  private next = 0;

  constructor(
    private readonly connector: FakeTeamsConnector,
    private readonly channelId: string,
  ) {}

  /** Scans calls that finished since the last scan; returns the thread count. */
  scan(): number {
    const calls = this.connector.calls;
    while (this.next < calls.length && calls[this.next]!.status !== 0) {
      const call = calls[this.next++]!;
      if (call.status < 200 || call.status >= 300) continue;
      if (this.isThread(call)) {
        this.threadTimes.push(call.at);
        this.channelCallTimes.push(call.at);
      } else if (call.method === 'POST' && call.conversationId?.split(';')[0] === this.channelId) {
        this.channelCallTimes.push(call.at);
        this.otherCallTimes.push(call.at);
      }
    }
    return this.threadTimes.length;
  }

  get threads(): number {
    return this.threadTimes.length;
  }

  private isThread(call: RecordedCall): boolean {
    return (
      call.method === 'POST' &&
      /\/v3\/conversations\/?$/.test(call.path.split('?')[0] ?? '') &&
      call.body?.channelData?.channel?.id === this.channelId
    );
  }
}

export interface MemoryStats {
  samples: number;
  peakRss: number;
  peakHeapUsed: number;
  /** Longest gap between two 100 ms samples: how long the event loop was blocked, at worst. */
  maxSampleGapMs: number;
}

/** Samples process.memoryUsage() every 100 ms (in-process: includes everything in this process). */
export class MemorySampler {
  private timer?: NodeJS.Timeout;
  private last = 0;
  private readonly stats: MemoryStats = { samples: 0, peakRss: 0, peakHeapUsed: 0, maxSampleGapMs: 0 };

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), 100);
    return this;
  }

  stop(): MemoryStats {
    clearInterval(this.timer);
    this.sample();
    return { ...this.stats };
  }

  private sample(): void {
    const now = performance.now();
    const m = process.memoryUsage();
    if (this.last) this.stats.maxSampleGapMs = Math.max(this.stats.maxSampleGapMs, now - this.last);
    this.last = now;
    this.stats.samples++;
    this.stats.peakRss = Math.max(this.stats.peakRss, m.rss);
    this.stats.peakHeapUsed = Math.max(this.stats.peakHeapUsed, m.heapUsed);
  }
}

/** One outbox.items() call made by the sender's tick. */
export interface TickSample {
  /** performance.now() when the tick called items(). */
  at: number;
  /** Outbox size when the tick started. */
  pending: number;
  /** The items() call alone: copy of the journal's values and sort by seq. */
  itemsMs: number;
  /** The whole synchronous tick: items(), routing every item, limiter checks, rendering the card it sends. */
  tickMs: number;
}

/**
 * Bench-only instrumentation, no product change: shadows `outbox.items` on the instance. Calls made by
 * OutboxSender.tick (told apart by the caller's call site) are timed twice: the call itself, and the whole
 * synchronous tick, which ends when the microtask queued at the call runs.
 */
export function instrumentOutboxTicks(outbox: App['outbox']): {
  ticks: TickSample[];
  otherCalls: () => number;
  restore: () => void;
} {
  const original = outbox.items;
  const ticks: TickSample[] = [];
  let other = 0;
  outbox.items = function (this: App['outbox']): readonly OutboxItem[] {
    if (!calledFromTick()) {
      other++;
      return original.call(this);
    }
    const t0 = performance.now();
    const pending = this.size;
    const items = original.call(this);
    const sample: TickSample = { at: t0, pending, itemsMs: performance.now() - t0, tickMs: 0 };
    ticks.push(sample);
    queueMicrotask(() => (sample.tickMs = performance.now() - t0));
    return items;
  };
  return {
    ticks,
    otherCalls: () => other,
    restore: () => {
      outbox.items = original;
    },
  };
}

/** Whether the caller's caller is a function named `tick` (raw call sites: no stack formatting). */
function calledFromTick(): boolean {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  const holder: { stack?: unknown } = {};
  try {
    Error.stackTraceLimit = 3;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, calledFromTick);
    const sites = holder.stack as NodeJS.CallSite[] | undefined;
    return sites?.[1]?.getFunctionName() === 'tick';
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

/**
 * CPU time the main thread (the bot's event loop) has used so far, in ms, from Linux's per-thread scheduler
 * statistics; undefined elsewhere. Unlike process.cpuUsage() it leaves out worker threads (a load client),
 * V8's GC helper threads and the libuv pool, and unlike wall time it does not count time spent waiting
 * for a core on a busy machine.
 */
export function mainThreadCpuMs(): number | undefined {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
export const fixed = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

/** A journal compaction seen by `watchCompactions`: when (ms, performance.now clock) and how large. */
export interface Compaction {
  file: string;
  at: number;
  bytes: number;
}

/**
 * Bench-only: records journal compactions (Journal writes `<file>.compact` with fs.promises.writeFile,
 * looked up on the shared `promises` object at call time, so wrapping that property sees them).
 * The whole-file JSON.stringify that precedes the write runs synchronously on the event loop.
 */
export function watchCompactions(): { compactions: Compaction[]; restore: () => void } {
  const fsp = fs as unknown as { writeFile: (file: unknown, data: unknown, ...rest: unknown[]) => Promise<void> };
  const original = fsp.writeFile;
  const compactions: Compaction[] = [];
  fsp.writeFile = function (this: unknown, file: unknown, data: unknown, ...rest: unknown[]) {
    if (typeof file === 'string' && file.endsWith('.compact')) {
      compactions.push({
        file: path.basename(file, '.compact'),
        at: performance.now(),
        bytes: typeof data === 'string' ? Buffer.byteLength(data) : 0,
      });
    }
    return original.call(this, file, data, ...rest);
  };
  return { compactions, restore: () => void (fsp.writeFile = original) };
}
