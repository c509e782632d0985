import { createHash } from 'node:crypto';
import { z } from 'zod';

/*
 * The audit log's hash chain. Every entry is one JSON line whose `prev` field is the SHA-256 (hex) of the
 * exact bytes of the entry line before it (UTF-8, without its '\n'); the first entry's predecessor is
 * GENESIS. Changing, removing, inserting or reordering any entry breaks the chain at the entry after it.
 * A write torn by a crash (bytes without their '\n') is kept: the bot ends it with '\n' on the next open
 * and writes an `audit.recovered` entry, chained from the last complete entry, that carries the torn
 * bytes' hash, so the fragment is accounted for rather than mistaken for tampering.
 */

/** The predecessor of the first entry. */
export const GENESIS = '0'.repeat(64);

/** The action of the entry the bot writes after a torn write it found on open. */
export const RECOVERED_ACTION = 'audit.recovered';

/** SHA-256, hex, of a stored line's exact bytes (without the '\n'). */
export function hashLine(line: Buffer | string): string {
  return createHash('sha256').update(line).digest('hex');
}

/** An entry as stored; other fields of the record are kept as they are. */
export const storedEntrySchema = z
  .object({
    at: z.string(),
    actor: z.union([z.literal('system'), z.object({ id: z.string(), name: z.string().optional() }).loose()]),
    action: z.string(),
    outcome: z.enum(['success', 'denied', 'failed']),
    alertId: z.string().optional(),
    reason: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
    prev: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .loose();

/** The line's JSON value, or undefined when it is not JSON (a torn write). */
export function parseLine(line: Buffer | string): unknown {
  try {
    return JSON.parse(line.toString());
  } catch {
    return undefined;
  }
}
