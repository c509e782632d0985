import { promises as fs, statSync } from 'node:fs';
import { Low } from 'lowdb';
import type { z } from 'zod';
import { PrivateJsonFile } from './private-json-file.js';

/** How one state file is created and checked. */
export interface LocalStateFileSpec<T> {
  /** What lowdb holds before the first read. */
  empty: T;
  /** The content of a file that does not exist yet. */
  seed: () => T;
  schema: z.ZodType<T>;
  /** Checks beyond the schema; throws an Error whose message names the bad entry. */
  check?: (data: T) => void;
  /** How the errors say a person starts over ("a fresh sample"). */
  startOver: string;
}

/**
 * One of the local backend's JSON files (lowdb over a private file), which people may edit by hand:
 * seeded only when it does not exist, validated on every read (a broken file stops the caller with the
 * path of the bad entry and is never replaced), and re-read when it changed on disk.
 */
export class LocalStateFile<T> {
  /** Re-reads and read-modify-writes run one at a time: a re-read in the middle of a write would drop it. */
  private queue: Promise<unknown> = Promise.resolve();
  private mtimeMs = 0;

  private constructor(
    private readonly db: Low<T>,
    readonly file: string,
    private readonly spec: LocalStateFileSpec<T>,
  ) {}

  /** Opens and reads the file, writing `spec.seed()` first only if it does not exist. */
  static async open<T>(file: string, spec: LocalStateFileSpec<T>): Promise<LocalStateFile<T>> {
    const exists = await fs.stat(file).then(
      () => true,
      () => false,
    );
    const state = new LocalStateFile(new Low<T>(new PrivateJsonFile<T>(file), spec.empty), file, spec);
    if (!exists) {
      state.db.data = spec.seed();
      await state.persist();
    }
    await state.reload();
    return state;
  }

  /** The content, as last read or written. */
  get data(): T {
    return this.db.data;
  }

  /** Runs `fn` after every operation queued before it, whatever their outcome. */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Re-reads the file when it changed on disk since the last read or write; true when it did. Every read of
   * the store asks, so the check is a synchronous stat of a local file (microseconds): the promise-based one
   * costs a thread-pool round trip per read, which dominated a burst of reads.
   */
  async reloadIfChanged(): Promise<boolean> {
    const mtimeMs = this.mtimeOnDisk();
    if (mtimeMs === undefined || mtimeMs === this.mtimeMs) return false;
    await this.reload();
    return true;
  }

  /** The file's mtime now; undefined when it cannot be read (gone, no access): the last content stays. */
  private mtimeOnDisk(): number | undefined {
    try {
      return statSync(this.file, { throwIfNoEntry: false })?.mtimeMs;
    } catch {
      return undefined;
    }
  }

  /** Writes the content as it is now. */
  async persist(): Promise<void> {
    await this.db.write();
    this.mtimeMs = (await fs.stat(this.file)).mtimeMs;
  }

  private async reload(): Promise<void> {
    try {
      await this.db.read();
    } catch (e) {
      throw new Error(
        `${this.file} is not valid JSON (${(e as Error).message}). Fix it, or move it away to start from ${this.spec.startOver}; it is never replaced automatically.`,
      );
    }
    const parsed = this.spec.schema.safeParse(this.db.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(
        `${this.file}: ${issue.path.join('.') || '(root)'} ${issue.message}. Fix it, or move the file away to start from ${this.spec.startOver}.`,
      );
    }
    try {
      this.spec.check?.(parsed.data);
    } catch (e) {
      throw new Error(`${this.file}: ${(e as Error).message}`);
    }
    this.db.data = parsed.data;
    this.mtimeMs = (await fs.stat(this.file)).mtimeMs;
  }
}
