import type { IncomingHttpHeaders } from 'node:http';

/** Which part of the emulator a request went to. */
export type EmulatedApi = 'login' | 'graph' | 'mde' | 'monitor';

/** One request as the emulator received it (recorded for assertions). */
export interface EmuRequest {
  api: EmulatedApi;
  method: string;
  /** Decoded path, e.g. `/v1.0/security/alerts_v2/dl1` or `/api/machines/m1/isolate`. */
  path: string;
  /** The path exactly as sent, before any resolution of `.`/`..` segments or decoding. */
  rawPath: string;
  /** Why the emulator refused it without serving it: a `.`/`..` segment (400) or no such route (404). */
  refused?: 'dotSegment' | 'unknownRoute';
  /** Decoded query parameters. */
  query: Record<string, string>;
  /** The query string exactly as sent (percent-encoded). */
  rawQuery: string;
  headers: IncomingHttpHeaders;
  /** Parsed JSON (or form fields for the token endpoint); undefined when there was no body. */
  body: unknown;
  rawBody: string;
  /** When it arrived (Date.now()). */
  at: number;
  /** The status answered. */
  status?: number;
  /** The `request-id` header answered (Graph's id of the request). */
  requestId?: string;
}

export interface EmuResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Thrown by a route: becomes a Graph-shaped error answer. */
export class EmuError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Route {
  api: EmulatedApi;
  method: string;
  /** Matched against the decoded path. */
  pattern: RegExp;
  /** Roles that allow the call (any one set fully held); omit for calls without permission checks. */
  roles?: string[][];
  handle(req: EmuRequest, match: RegExpMatchArray): EmuResponse | Promise<EmuResponse>;
}

/** An injected answer: served instead of the real one for matching requests, `times` times. */
export interface FailureRule {
  api?: EmulatedApi;
  method?: string;
  path: RegExp;
  /** Only requests whose body, as JSON, matches (one of two hunting queries, say). */
  requestBody?: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Default 1. */
  times?: number;
  /** Answer only after this many ms (a slow or hanging service). */
  delayMs?: number;
}

/** Requests answered as usual, only later. */
export interface DelayRule {
  api?: EmulatedApi;
  method?: string;
  path: RegExp;
  delayMs: number;
  /** Default: every matching request. */
  times?: number;
}

/** True when a raw request path has a `.` or `..` segment (`%2e` counts: URL parsers resolve it too). */
export function hasDotSegment(rawPath: string): boolean {
  return rawPath.split('/').some((s) => /^(\.|%2e){1,2}$/i.test(s));
}

export const bad = (message: string) => new EmuError(400, 'BadRequest', message);
export const notFound = (message = 'Resource not found.') => new EmuError(404, 'itemNotFound', message);

/** Throws 400 unless `body` is an object with exactly the allowed keys (and every required one). */
export function requireBody(
  body: unknown,
  allowed: readonly string[],
  required: readonly string[] = allowed,
): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('The request body must be a JSON object.');
  const keys = Object.keys(body);
  const extra = keys.filter((k) => !allowed.includes(k));
  if (extra.length)
    throw bad(`Property ${extra.join(', ')} is not allowed in this request (allowed: ${allowed.join(', ')}).`);
  const missing = required.filter((k) => !keys.includes(k));
  if (missing.length) throw bad(`Property ${missing.join(', ')} is required.`);
  return body as Record<string, unknown>;
}
