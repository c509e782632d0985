import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The real bot as a child process (`src/index.ts` under tsx), on a loopback port picked by the OS.
 * Tests talk to it only over HTTP, as Teams would. Its JSON log lines are kept for assertions.
 */
export class BotProcess {
  readonly logs: Record<string, unknown>[] = [];
  stderr = '';
  private child?: ChildProcess;
  port = 0;

  constructor(private readonly env: Record<string, string>) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the process and resolves once it logs that it is listening. */
  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      ['--disable-warning=DEP0111', '--import', 'tsx', path.join(root, 'src/index.ts')],
      {
        cwd: root,
        env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'debug', POLL_INTERVAL_SECONDS: '1', ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child = child;
    child.stderr!.on('data', (d) => (this.stderr += String(d)));
    const lines = createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`bot did not start within 20 s. stderr: ${this.stderr}`)),
        20_000,
      );
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`bot exited with ${code} before listening. stderr: ${this.stderr}`));
      });
      lines.on('line', (line) => {
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(line);
        } catch {
          return;
        }
        this.logs.push(entry);
        if (entry.msg === 'listening') {
          this.port = Number(entry.port);
          clearTimeout(timer);
          resolve();
        }
      });
    });
  }

  /** POSTs an activity to /api/messages; returns status and parsed body (if any). */
  async send(activity: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof activity === 'string' ? activity : JSON.stringify(activity),
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

  /** Sends a signal and waits for the process to exit; returns the exit code (null when killed). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }
}

/** Runs the bot's entry point to completion (for start-up failures); returns exit code and stderr. */
export function runToExit(
  env: Record<string, string>,
  timeoutMs = 20_000,
): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--disable-warning=DEP0111', '--import', 'tsx', path.join(root, 'src/index.ts')],
      {
        cwd: root,
        env: { PATH: process.env.PATH, PORT: '0', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d) => (stdout += String(d)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`process did not exit within ${timeoutMs} ms; stdout: ${stdout}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
  });
}
