import { strict as assert } from 'node:assert';
import { spawn, type ChildProcess } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sleep } from './sleep.js';

/**
 * Driving `npm run demo` (scripts/demo.ts: the bot and the Microsoft 365 Agents Playground) from tests: the
 * process group, its output and bot logs, waits, and the playground UI's selectors. Selectors were found by
 * exploring the playground 0.2.28 UI (Fluent UI + the Adaptive Cards renderer, no test ids): see
 * test/e2e/playground.test.ts.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SEL = {
  channel: { role: 'treeitem' as const, name: 'Contoso SOC - General' },
  post: 'div[role="group"].fui-Card',
  card: '.ac-adaptiveCard',
  textBlock: '.ac-textBlock',
  logPanel: '[contenteditable="true"][spellcheck="false"]',
};

export interface Health {
  status: string;
  triageChannels: number;
  outbox: { pending: number; inFlight: number };
}

/** An error that ends a wait at once (the bot crashed or logged an error): no point in waiting for a timeout. */
export class FatalError extends Error {}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns a value other than undefined/false, or fails with `what` after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  timeoutMs: number,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  everyMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      if (e instanceof FatalError) throw e;
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`,
      );
    }
    await sleep(everyMs);
  }
}

/** Whether any process of the group still exists. */
function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * scripts/demo.ts on its own ports and data dir, in its own process group; its output (bot JSON logs included) is kept.
 */
export class Demo {
  readonly lines: string[] = [];
  readonly botLogs: Record<string, unknown>[] = [];
  private child?: ChildProcess;
  exit?: string;

  constructor(
    readonly botPort: number,
    public playgroundPort: number,
    readonly dataDir: string,
  ) {}

  get botUrl(): string {
    return `http://127.0.0.1:${this.botPort}`;
  }

  get playgroundUrl(): string {
    return `http://localhost:${this.playgroundPort}`;
  }

  /** Starts `npm run demo -- ...args` (e.g. `--as emma`). */
  start(args: string[] = []): void {
    this.exit = undefined;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/demo.ts'), ...args], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(this.botPort),
        PLAYGROUND_PORT: String(this.playgroundPort),
        DATA_DIR: this.dataDir,
        TEAMSAPPTESTER_BROWSER: 'none',
        DEMO_ALERT_INTERVAL_SECONDS: '0',
        // The playground suites count one post per seeded alert; the demo's seed storm would fold 19 of them.
        LOCAL_SEED_STORM: 'false',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: demo.ts, the bot and the playground are killed together
    });
    this.child = child;
    const keep = (line: string) => {
      this.lines.push(line);
      if (line.startsWith('{')) {
        try {
          this.botLogs.push(JSON.parse(line));
        } catch {
          /* not a bot log line */
        }
      }
      // The playground moves to a random port when the asked one is busy; follow it.
      const listening = /^Listening on (\d+)\s*$/.exec(line);
      if (listening) this.playgroundPort = Number(listening[1]);
    };
    createInterface({ input: child.stdout! }).on('line', keep);
    createInterface({ input: child.stderr! }).on('line', keep);
    child.once('exit', (code, signal) => (this.exit = `exited with ${signal ?? code}`));
  }

  /** Fails with the bot's own words as soon as it logs an error (level >= 50), instead of waiting for a timeout. */
  assertNoBotErrors(): void {
    const errors = this.botLogs.filter((l) => Number(l.level) >= 50);
    if (errors.length === 0) return;
    const say = (l: Record<string, unknown>) => {
      const err = (l.err as { message?: string } | undefined)?.message;
      return `${String(l.msg)}${err ? `: ${err}` : ''}`;
    };
    throw new FatalError(`the bot logged ${errors.length} error(s): ${errors.map(say).join(' | ')}`);
  }

  tail(n = 40): string {
    return this.lines.slice(-n).join('\n');
  }

  async health(): Promise<Health> {
    const res = await fetch(`${this.botUrl}/healthz`);
    assert.equal(res.status, 200);
    return (await res.json()) as Health;
  }

  /** Resolves once the bot's /healthz and the playground's /_debug/ping answer. */
  async waitUntilUp(timeoutMs: number): Promise<void> {
    await waitUntil('the bot (/healthz) and the playground (/_debug/ping) to answer', timeoutMs, async () => {
      if (this.exit) throw new FatalError(`npm run demo ${this.exit}`);
      const bot = await fetch(`${this.botUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      const playground = await fetch(`http://127.0.0.1:${this.playgroundPort}/_debug/ping`).then(
        async (r) => r.ok && (await r.text()).trim() === 'pong',
        () => false,
      );
      return bot && playground;
    }).catch((e: Error) => {
      throw new Error(`${e.message}\n--- demo output ---\n${this.tail()}`);
    });
  }

  /** SIGTERM to the whole process group, SIGKILL if anything is left after 5 s; resolves when none remain. */
  async stop(): Promise<void> {
    const pid = this.child?.pid;
    if (!pid) return;
    if (groupAlive(pid)) process.kill(-pid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
    const hardDeadline = Date.now() + 5_000;
    while (groupAlive(pid) && Date.now() < hardDeadline) await sleep(100);
    assert.ok(!groupAlive(pid), `processes of the demo (process group ${pid}) are still running`);
  }
}
