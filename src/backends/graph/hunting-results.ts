import { z } from 'zod';
import { isTimestamp } from '../../triage/ids.js';
import type { ActivityAnswer, ActivityEvent } from '../../triage/investigation/activity.js';
import { dlpEnforcementOf } from '../../triage/investigation/dlp-events.js';
import { TriageError } from '../../triage/triage-error.js';
import type { GraphFailure } from './graph-failure.js';

/**
 * Reading `runHuntingQuery` answers (graph-api.md §8): `huntingQueryResults` is `{ schema, results }`, each result
 * an open object keyed by column name. Only `results` is read: rows are looked up by the column names our own query
 * projects, so the schema (documented both as `name`/`type` and `Name`/`Type`) does not matter.
 */
export const huntingResultsSchema = z.looseObject({ results: z.array(z.unknown()) });

const text = z
  .unknown()
  .transform((v) => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : undefined));

/** One CloudAppEvents row as our query projects it; the empty strings advanced hunting uses for "none" are dropped. */
const rowSchema = z.looseObject({
  Timestamp: z.string().refine(isTimestamp),
  ActionType: z.string().min(1),
  Application: text,
  ObjectName: text,
  ObjectType: text,
  IPAddress: text,
  CountryCode: text,
  UncommonForUser: z.unknown(),
});

/** The rows as events, in their order; a row that is not an event (no time, no action) is left out and counted. */
export function eventsOf(rows: unknown[]): { events: ActivityEvent[]; skipped: number } {
  const events: ActivityEvent[] = [];
  for (const raw of rows) {
    const row = rowSchema.safeParse(raw);
    if (!row.success) continue;
    const r = row.data;
    events.push({
      at: r.Timestamp,
      actionType: r.ActionType,
      ...(r.Application ? { application: r.Application } : {}),
      ...(r.ObjectName ? { objectName: r.ObjectName } : {}),
      ...(r.ObjectType ? { objectType: r.ObjectType } : {}),
      ...(r.IPAddress ? { ipAddress: r.IPAddress } : {}),
      ...(r.CountryCode ? { countryCode: r.CountryCode } : {}),
      uncommonForUser: notEmpty(r.UncommonForUser),
    });
  }
  return { events, skipped: rows.length - events.length };
}

/** One DataSecurityEvents row as dlpEventQuery projects it (empty strings dropped, as for CloudAppEvents). */
const dlpRowSchema = z.looseObject({
  Timestamp: z.string().refine(isTimestamp),
  ActionType: z.string().min(1),
  Workload: text,
  ObjectName: text,
  ObjectType: text,
  IPAddress: text,
  DlpPolicyEnforcementMode: z.unknown(),
});

/**
 * DataSecurityEvents rows as DLP events, in their order: the workload stands for the application, the enforcement
 * mode (an Int32 that may come as a number or its digits) is read by dlpEnforcementOf. A row that is not an event is
 * left out and counted.
 */
export function dlpEventsOfRows(rows: unknown[]): { events: ActivityEvent[]; skipped: number } {
  const events: ActivityEvent[] = [];
  for (const raw of rows) {
    const row = dlpRowSchema.safeParse(raw);
    if (!row.success) continue;
    const r = row.data;
    events.push({
      at: r.Timestamp,
      actionType: r.ActionType,
      ...(r.Workload ? { application: r.Workload } : {}),
      ...(r.ObjectName ? { objectName: r.ObjectName } : {}),
      ...(r.ObjectType ? { objectType: r.ObjectType } : {}),
      ...(r.IPAddress ? { ipAddress: r.IPAddress } : {}),
      uncommonForUser: false,
      dlpEnforcement: dlpEnforcementOf(r.DlpPolicyEnforcementMode),
    });
  }
  return { events, skipped: rows.length - events.length };
}

/**
 * `UncommonForUser` is a dynamic column (the list of attributes unusual for the user): an array, or the same as a
 * JSON string, depending on how the service serialises dynamic values (unconfirmed), so both are read; empty,
 * `[]`, `{}` or null is "not unusual".
 */
export function notEmpty(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  if (typeof value !== 'string') return Boolean(value);
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'null') return false;
  try {
    return notEmpty(JSON.parse(trimmed));
  } catch {
    return true;
  }
}

/** The number of a `| count` answer (column `Count`, an Int64 that may come as a number or a string). */
export function countOf(rows: unknown[]): number | undefined {
  const first = rows[0] as Record<string, unknown> | undefined;
  const n = Number(first?.Count);
  return first && typeof first.Count !== 'boolean' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/**
 * What a failed hunting call means for the card: 429 is `throttled` (with Retry-After), 504 or 408 or no answer in
 * time is `timeout`, a 400 that names CloudAppEvents as a table it cannot resolve is `notRecorded` (advanced hunting
 * has no such table without Defender for Cloud Apps; the code and wording of that error are not documented for
 * Graph, so the message is read — our query names no other table, and only this case is decided on it); anything
 * else is `failed`. 401 and 403 are not answers but configuration: undefined, and the caller rethrows them.
 */
export function failureAnswer(e: unknown): ActivityAnswer | undefined {
  const f = e instanceof TriageError ? (e.cause as GraphFailure | undefined) : undefined;
  if (!f || typeof f.status !== 'number') return { kind: 'unavailable', reason: 'failed' };
  if (f.status === 401 || f.status === 403) return undefined;
  const retry = f.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: f.retryAfterSeconds };
  if (f.status === 429) return { kind: 'unavailable', reason: 'throttled', ...retry };
  if (f.status === 504 || f.status === 408 || (f.status === 0 && TIMEOUTS.has(f.code ?? '')))
    return { kind: 'unavailable', reason: 'timeout' };
  if (f.status === 400 && tableUnknown(f.message)) return { kind: 'notRecorded' };
  return { kind: 'unavailable', reason: 'failed', ...retry };
}

/** How an aborted attempt (GraphCallObserver's timeout) surfaces: the abort's name, or the Graph client's wrapper. */
const TIMEOUTS = new Set(['TimeoutError', 'AbortError']);

/** "Failed to resolve table or column expression named 'CloudAppEvents'" (Kusto's semantic error), and kin. */
function tableUnknown(message: string | undefined): boolean {
  return (
    !!message &&
    /\bCloudAppEvents\b/.test(message) &&
    /resolve|unknown|not (be )?found|does ?n[o']t exist|not exist|not available/i.test(message)
  );
}
