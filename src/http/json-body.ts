import type { IncomingMessage } from 'node:http';

/** A refused body: the status and the short, generic message to answer. */
export interface BodyRefusal {
  ok: false;
  status: 400 | 413 | 415;
  error: string;
}
export type BodyResult = { ok: true; value: Record<string, unknown> } | BodyRefusal;

/** Bot Framework activities are far smaller; Teams caps a message at about 28 KB. */
export const MAX_BODY_BYTES = 1024 * 1024;

const NOT_JSON = 'Send the activity uncompressed, as Content-Type: application/json.';
const TOO_LARGE = 'The request body is too large.';
const NOT_AN_OBJECT = 'The body must be a Bot Framework activity (a JSON object).';
/** `application/json`, optionally with `charset=utf-8` (the Bot Connector sends that), in any letter case. */
const JSON_MEDIA_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*(?:utf-8|"utf-8")[ \t]*)?$/i;

/**
 * Reads a JSON object body, strictly: uncompressed `application/json` only (415), at most `maxBytes` bytes
 * as they arrive on the wire (413, checked before reading when Content-Length says so), valid UTF-8 JSON
 * whose top level is an object (400). Nothing is ever written to disk, and nothing is inflated.
 */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes = MAX_BODY_BYTES,
): Promise<BodyResult | { ok: false; status: 'aborted' }> {
  const encoding = req.headers['content-encoding']?.trim().toLowerCase();
  if (encoding && encoding !== 'identity') return refuse(415, NOT_JSON);
  if (!JSON_MEDIA_TYPE.test(req.headers['content-type']?.trim() ?? '')) return refuse(415, NOT_JSON);
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return refuse(413, TOO_LARGE);
  const bytes = await readCapped(req, maxBytes);
  if (bytes === 'aborted') return { ok: false, status: 'aborted' };
  if (bytes === 'too-large') return refuse(413, TOO_LARGE);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return refuse(400, NOT_AN_OBJECT);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return refuse(400, NOT_AN_OBJECT);
  return { ok: true, value: value as Record<string, unknown> };
}

function refuse(status: BodyRefusal['status'], error: string): BodyRefusal {
  return { ok: false, status, error };
}

/** The body's bytes, or why there are none; stops reading (pauses the stream) as soon as the cap is passed. */
function readCapped(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | 'too-large' | 'aborted') => {
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onAbort);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.pause();
      finish('too-large');
    };
    const onEnd = () => finish(Buffer.concat(chunks, size));
    const onAbort = () => finish('aborted');
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onAbort);
  });
}
