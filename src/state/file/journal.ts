import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { ensurePrivateDir, openPrivateAppend, replacePrivateFile } from '../../fs/private-files.js';

/**
 * A durable string-keyed map kept in memory and persisted as an append-only JSON-lines file, so that a
 * change costs one small append however large the map grows (a whole-file rewrite per change, as lowdb
 * does, is too slow for the outbox at Teams' posting rates). Every write resolves once its lines are
 * in the file: a SIGKILL after that loses nothing. Writes are appended in call order; concurrent writes
 * share one append. A torn last line (the process died mid-append) is dropped on open; any other
 * unreadable line stops the open with the file and line number. The file is compacted when dead
 * records outnumber live ones. The file (also when compaction re-creates it) is 0600, a new folder 0700.
 */
/** Compact once the file holds more than `minRecords` records and more than `factor` per live entry. */
export interface CompactionPolicy {
  minRecords: number;
  factor: number;
}

// A draining outbox shrinks its live set with every send; a low bar would rewrite the file again and
// again (measured: 9 rewrites, 43 MB, while 10,000 posts drained).
const DEFAULT_COMPACTION: CompactionPolicy = { minRecords: 5_000, factor: 4 };

export class Journal<T> {
  private readonly entries = new Map<string, T>();
  private handle?: fs.FileHandle;
  private records = 0;
  private pending: string[] = [];
  private flushing?: Promise<void>;

  private constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly compaction: CompactionPolicy,
  ) {}

  /** Opens (creating if needed) and replays the journal at `file`. */
  static async open<T>(
    file: string,
    schema: z.ZodType<T>,
    compaction: CompactionPolicy = DEFAULT_COMPACTION,
  ): Promise<Journal<T>> {
    const journal = new Journal(file, schema, compaction);
    await journal.load();
    return journal;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  entriesIterator(): IterableIterator<[string, T]> {
    return this.entries.entries();
  }

  values(): T[] {
    return [...this.entries.values()];
  }

  /** Sets (or with `undefined`, deletes) several keys in one append. */
  async write(changes: ReadonlyArray<readonly [string, T | undefined]>): Promise<void> {
    if (!this.handle) throw new Error(`journal ${this.file} is closed`);
    for (const [key, value] of changes) {
      if (value === undefined) {
        this.entries.delete(key);
        this.pending.push(JSON.stringify({ k: key, d: 1 }));
      } else {
        this.entries.set(key, value);
        this.pending.push(JSON.stringify({ k: key, v: value }));
      }
    }
    return this.flush();
  }

  set(key: string, value: T): Promise<void> {
    return this.write([[key, value]]);
  }

  delete(key: string): Promise<void> {
    return this.entries.has(key) ? this.write([[key, undefined]]) : Promise.resolve();
  }

  /** Waits for pending appends and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    await this.handle?.close();
    this.handle = undefined;
  }

  private flush(): Promise<void> {
    if (this.pending.length === 0) return this.flushing ?? Promise.resolve();
    // One append at a time; callers that arrive meanwhile ride on the next one.
    this.flushing ??= (async () => {
      try {
        while (this.pending.length > 0) {
          const lines = this.pending;
          this.pending = [];
          await this.handle!.appendFile(lines.join('\n') + '\n');
          this.records += lines.length;
          const { minRecords, factor } = this.compaction;
          if (this.records > minRecords && this.records > factor * this.entries.size) await this.compact();
        }
      } finally {
        this.flushing = undefined;
      }
    })();
    return this.flushing;
  }

  private async compact(): Promise<void> {
    const body = [...this.entries].map(([k, v]) => JSON.stringify({ k, v })).join('\n');
    await replacePrivateFile(this.file, body ? body + '\n' : '', `${this.file}.compact`);
    // Nothing appends meanwhile (flushes run one at a time); the old handle points at the replaced file.
    await this.handle!.close();
    this.handle = await openPrivateAppend(this.file);
    this.records = this.entries.size;
  }

  private async load(): Promise<void> {
    await ensurePrivateDir(path.dirname(this.file));
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    // Every complete record ends with '\n'; whatever follows the last one is a torn append whose
    // writer was never told it succeeded, so it is dropped.
    const complete = text.split('\n').slice(0, -1);
    complete.forEach((line, i) => {
      try {
        this.apply(line);
      } catch (e) {
        throw new Error(
          `${this.file}:${i + 1} is not a valid journal record (${(e as Error).message}); fix or move the file`,
        );
      }
    });
    const goodBytes = text.lastIndexOf('\n') + 1;
    if (goodBytes < text.length) await fs.truncate(this.file, Buffer.byteLength(text.slice(0, goodBytes)));
    this.records = complete.length;
    this.handle = await openPrivateAppend(this.file);
  }

  private apply(line: string): void {
    const record = JSON.parse(line) as { k?: unknown; v?: unknown; d?: unknown };
    if (typeof record.k !== 'string') throw new Error('missing key');
    if (record.d) this.entries.delete(record.k);
    else this.entries.set(record.k, this.schema.parse(record.v));
  }
}
