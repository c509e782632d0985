import { createReadStream } from 'node:fs';
import { GENESIS, hashLine, parseLine, storedEntrySchema } from './audit-chain.js';

/** What `verifyAuditLog` found. */
export interface AuditVerification {
  /** The chain holds from the first entry to the last. */
  ok: boolean;
  /** Entries whose link in the chain was checked and holds. */
  entries: number;
  /** The hash of the last good entry's line: note it elsewhere to notice later truncation. */
  head: string;
  /** When `ok` is false: the first line that is broken or follows a missing entry, and what is wrong. */
  problem?: { line: number; what: string };
  /** Lines the chain tolerates, with why (writes torn by a crash). */
  notes: string[];
}

/**
 * Checks `audit.jsonl` line by line, streaming it: every line must be a stored entry whose `prev` is the
 * hash of the entry line before it (GENESIS for the first). Lines that are not JSON are writes torn by a
 * crash, tolerated at the end of the file (a torn tail) or when the next entry chains past them (as the
 * bot chains on after a crash), and reported as notes. Read errors are thrown.
 */
export async function verifyAuditLog(file: string): Promise<AuditVerification> {
  const state = new ChainCheck();
  let rest = Buffer.alloc(0);
  for await (const chunk of createReadStream(file, { highWaterMark: 64 * 1024 })) {
    let data = Buffer.concat([rest, chunk as Buffer]);
    for (let nl = data.indexOf(10); nl !== -1 && !state.problem; nl = data.indexOf(10)) {
      state.line(data.subarray(0, nl));
      data = data.subarray(nl + 1);
    }
    if (state.problem) break;
    rest = Buffer.from(data);
  }
  if (!state.problem && rest.length > 0) state.line(rest);
  return state.result();
}

class ChainCheck {
  problem?: { line: number; what: string };
  private readonly notes: string[] = [];
  private lineNo = 0;
  private entries = 0;
  private expected = GENESIS;
  private lastEntryLine = 0;
  private torn: number[] = [];

  line(bytes: Buffer): void {
    this.lineNo += 1;
    const value = parseLine(bytes);
    if (value === undefined) {
      this.torn.push(this.lineNo);
      return;
    }
    const parsed = storedEntrySchema.safeParse(value);
    if (!parsed.success)
      return this.fail(
        `not an audit entry (${parsed.error.issues.map((i) => i.path.join('.') || 'line').join(', ')} missing or wrong)`,
      );
    if (parsed.data.prev !== this.expected) {
      if (this.torn.length > 0)
        return this.fail(
          `does not chain past line ${this.torn.join(', ')}, which is not an entry: an entry was damaged or replaced there`,
          this.torn[0],
        );
      return this.fail(
        this.entries === 0
          ? 'the first entry does not start the chain: entries before it were removed, or it was changed'
          : `does not chain from line ${this.lastEntryLine}: line ${this.lastEntryLine} was changed, or entries were removed, inserted or reordered here`,
      );
    }
    for (const t of this.torn)
      this.notes.push(
        `line ${t}: an incomplete entry (a write interrupted by a crash), skipped by the chain, not tampering`,
      );
    this.torn = [];
    this.expected = hashLine(bytes);
    this.entries += 1;
    this.lastEntryLine = this.lineNo;
  }

  result(): AuditVerification {
    if (!this.problem && this.torn.length > 0) {
      const lines = this.torn.length === 1 ? `line ${this.torn[0]}` : `lines ${this.torn[0]}-${this.torn.at(-1)}`;
      this.notes.push(
        `${lines}: torn tail, an incomplete last entry (a write interrupted by a crash), not tampering; the bot keeps it and chains on past it`,
      );
    }
    return {
      ok: !this.problem,
      entries: this.entries,
      head: this.expected,
      ...(this.problem ? { problem: this.problem } : {}),
      notes: this.notes,
    };
  }

  private fail(what: string, line = this.lineNo): void {
    this.problem ??= { line, what };
  }
}
