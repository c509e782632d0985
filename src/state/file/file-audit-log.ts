import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, ensurePrivateDir, openPrivateAppend } from '../../fs/private-files.js';
import type { AuditRecord, AuditSink, Clock } from '../../triage/ports.js';
import { TriageError } from '../../triage/triage-error.js';
import { GENESIS, RECOVERED_ACTION, hashLine, parseLine } from '../../audit/audit-chain.js';
import { linesBackward } from '../../audit/lines-backward.js';

/** An audit record as stored: the record and when it was written. */
export type AuditEntry = AuditRecord & { at: string };

/** A crash tears at most the entry being written (and the recovery of an earlier tear): more is damage. */
const MAX_TORN = 4;
const UNREADABLE =
  'The audit log cannot be read right now. Try again in a minute; if it keeps happening, tell your admin.';

/**
 * The append-only, hash-chained audit log `audit.jsonl` (0600): one JSON line per entry, each carrying
 * the hash of the line before it (audit-chain.ts). Appends are serialised so entries never interleave;
 * nothing in the product rewrites or deletes lines. `forAlert` reads from the end in chunks and stops
 * once it has enough, so asking costs the same however large the file has grown.
 */
export class FileAuditLog implements AuditSink {
  private queue: Promise<void> = Promise.resolve();
  private prev = GENESIS;
  /** A write failed part-way: the end of the file is re-read before the next one. */
  private dirty = true;

  private constructor(
    readonly file: string,
    private readonly clock: Clock,
  ) {}

  /** Opens (creating if needed) `DATA_DIR/audit.jsonl`, chaining on from its last complete entry. */
  static async open(dataDir: string, clock: Clock): Promise<FileAuditLog> {
    await ensurePrivateDir(dataDir);
    const log = new FileAuditLog(path.join(dataDir, 'audit.jsonl'), clock);
    // Creates the file 0600, or makes an existing one 0600.
    await (await openPrivateAppend(log.file)).close();
    await log.recover();
    return log;
  }

  append(record: AuditRecord): Promise<void> {
    const at = this.clock.now().toISOString();
    const next = this.queue.then(async () => {
      if (this.dirty) await this.recover();
      await this.write({ at, ...record });
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The latest entries about one alert, oldest first, at most `limit`; throws TriageError 'unavailable' when the file
   * cannot be read.
   */
  async forAlert(alertId: string, limit = 20): Promise<AuditEntry[]> {
    await this.queue;
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(this.file, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new TriageError('unavailable', UNREADABLE, { cause: e });
    }
    try {
      const found: AuditEntry[] = [];
      const needle = Buffer.from(`"alertId":${JSON.stringify(alertId)}`);
      if (limit <= 0) return found;
      for await (const { bytes, complete } of linesBackward(handle, (await handle.stat()).size)) {
        // Most lines are about other alerts: look for the id before parsing.
        if (!complete || !bytes.includes(needle)) continue;
        const entry = parseLine(bytes) as (AuditEntry & { prev?: string }) | undefined;
        if (entry?.alertId !== alertId) continue;
        const { prev: _prev, ...rest } = entry;
        found.push(rest);
        if (found.length === limit) break;
      }
      return found.reverse();
    } catch (e) {
      throw new TriageError('unavailable', UNREADABLE, { cause: e });
    } finally {
      await handle.close();
    }
  }

  /** Waits for pending appends. */
  async flush(): Promise<void> {
    await this.queue;
  }

  /** Waits for pending appends (the log holds no file open between appends). */
  close(): Promise<void> {
    return this.flush();
  }

  private async write(entry: Record<string, unknown>): Promise<void> {
    const line = JSON.stringify({ ...entry, prev: this.prev });
    this.dirty = true;
    await this.append0600(line + '\n');
    this.dirty = false;
    this.prev = hashLine(line);
  }

  private append0600(text: string): Promise<void> {
    return fs.appendFile(this.file, text, { mode: PRIVATE_FILE_MODE });
  }

  /**
   * Finds the entry to chain from: the last line that is JSON. Lines after it that are not (a write torn
   * by a crash) are kept, the chain skips them, and an `audit.recovered` entry records their hashes;
   * an unterminated last line is ended with '\n' first.
   */
  private async recover(): Promise<void> {
    const { unterminated, torn, last } = await this.readEnd();
    this.prev = last ? hashLine(last) : GENESIS;
    const ending = unterminated ? '\n' : '';
    if (torn.length === 0) {
      if (ending) await this.append0600(ending);
      this.dirty = false;
      return;
    }
    const line = JSON.stringify({
      at: this.clock.now().toISOString(),
      actor: 'system',
      action: RECOVERED_ACTION,
      outcome: 'success',
      reason:
        'the log ended in an incomplete entry (a write interrupted by a crash); it is kept and the chain skips it',
      details: { tornLines: torn.length, tornSha256: torn.map((t) => hashLine(t)) },
      prev: this.prev,
    });
    await this.append0600(ending + line + '\n');
    this.prev = hashLine(line);
    this.dirty = false;
  }

  /** Reads back from the end to the last JSON line, collecting the pieces after it. */
  private async readEnd(): Promise<{ unterminated: boolean; torn: Buffer[]; last?: Buffer }> {
    const reader = await fs.open(this.file, 'r');
    const torn: Buffer[] = [];
    let unterminated = false;
    try {
      for await (const { bytes, complete } of linesBackward(reader, (await reader.stat()).size)) {
        if (!complete) unterminated = true;
        if (parseLine(bytes) !== undefined) return { unterminated, torn, last: Buffer.from(bytes) };
        torn.unshift(Buffer.from(bytes));
        if (torn.length > MAX_TORN)
          throw new Error(
            `${this.file} ends with more than ${MAX_TORN} lines that are not audit entries; check it with "npm run audit -- verify" and move it aside`,
          );
      }
      return { unterminated, torn };
    } finally {
      await reader.close();
    }
  }
}
