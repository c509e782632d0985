import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { GraphBackendOptions } from '../../src/backends/graph/graph-backend.js';
import type { IncidentStore } from '../../src/triage/incidents/incident.js';
import type { ActivitySource } from '../../src/triage/investigation/activity.js';
import type { RelatedAlertSource } from '../../src/triage/investigation/related-alerts.js';
import type { Remediator } from '../../src/triage/remediation/remediator.js';
import type { AlertStore, Directory } from '../../src/triage/ports.js';
import { TriageError } from '../../src/triage/triage-error.js';
import type { HostAnswer, HostCall } from './graph-adapter-host.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

/**
 * The Graph adapters in a child process (graph-adapter-host.ts) that trusts the emulator's certificate,
 * used from the test process as if they were local objects: `alerts`, `directory`, `remediator`,
 * `activity` and `related` implement their ports by calling over IPC (structured clone, so undefined
 * fields survive), and a TriageError thrown there is a TriageError here.
 */
export class GraphAdapterProcess {
  readonly logs: Record<string, any>[] = [];
  stderr = '';
  private child?: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();

  readonly alerts = this.proxy<AlertStore>('alerts');
  readonly incidents = this.proxy<IncidentStore>('incidents');
  readonly directory = this.proxy<Directory>('directory');
  readonly remediator = this.proxy<Remediator>('remediator');
  readonly activity = this.proxy<ActivitySource>('activity');
  readonly related = this.proxy<RelatedAlertSource>('related');

  constructor(
    private readonly env: Record<string, string>,
    private readonly options: GraphBackendOptions = {},
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'graph-adapter-host.ts')], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        LOG_LEVEL: 'debug',
        GRAPH_HOST_OPTIONS: JSON.stringify(this.options),
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'advanced',
    });
    this.child = child;
    child.stderr!.on('data', (d) => (this.stderr += String(d)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        this.logs.push(JSON.parse(line));
      } catch {
        /* not a log line */
      }
    });
    child.on('exit', (code) => {
      for (const p of this.pending.values()) p.reject(new Error(`adapter host exited with ${code}: ${this.stderr}`));
      this.pending.clear();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`adapter host did not start: ${this.stderr}`)), 20_000);
      child.once('exit', (code) => reject(new Error(`adapter host exited with ${code}: ${this.stderr}`)));
      child.on('message', (answer: HostAnswer) => {
        if (answer.id === 0) {
          clearTimeout(timer);
          resolve();
          return;
        }
        const p = this.pending.get(answer.id);
        this.pending.delete(answer.id);
        if (!p) return;
        if (answer.ok) p.resolve(answer.value);
        else if (answer.error.triage)
          p.reject(new TriageError(answer.error.triage.code, answer.error.triage.userMessage));
        else p.reject(Object.assign(new Error(answer.error.message), { name: answer.error.name }));
      });
    });
  }

  /** The backend's `start()`: its start-up checks (throws their Error). */
  check(): Promise<void> {
    return this.call('backend', 'start', []) as Promise<void>;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  }

  private call(target: HostCall['target'], method: string, args: unknown[]): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child!.send({ id, target, method, args } satisfies HostCall);
    });
  }

  private proxy<T extends object>(target: HostCall['target']): T {
    return new Proxy({} as T, {
      get: (_t, method) =>
        typeof method === 'string' && method !== 'then'
          ? (...args: unknown[]) => this.call(target, method, args)
          : undefined,
    });
  }
}
