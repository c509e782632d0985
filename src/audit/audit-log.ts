import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { AuditRecord, AuditSink } from '../triage/ports.js';

/** An audit record as stored: the record and when it was written. */
export type AuditEntry = AuditRecord & { at: string };

/**
 * The append-only audit log, one JSON line per entry in `audit.jsonl`. Appends are serialised so entries
 * never interleave; nothing in the product rewrites or deletes lines.
 */
export class AuditLog implements AuditSink {
  private chain: Promise<void> = Promise.resolve();

  private constructor(readonly file: string) {}

  static async open(dataDir: string): Promise<AuditLog> {
    await fs.mkdir(dataDir, { recursive: true });
    return new AuditLog(path.join(dataDir, 'audit.jsonl'));
  }

  append(record: AuditRecord): Promise<void> {
    const line = JSON.stringify({ at: new Date().toISOString(), ...record }) + '\n';
    const next = this.chain.then(() => fs.appendFile(this.file, line));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Entries about one alert, newest last, at most `limit`. */
  async forAlert(alertId: string, limit = 20): Promise<AuditEntry[]> {
    await this.chain;
    const text = await fs.readFile(this.file, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditEntry)
      .filter((e) => e.alertId === alertId)
      .slice(-limit);
  }

  /** Waits for pending appends. */
  async flush(): Promise<void> {
    await this.chain;
  }
}
