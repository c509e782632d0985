import { TriageError } from '../../triage/triage-error.js';
import { describePermission, type RequiredPermission } from './graph-permissions.js';

/** What a failed Graph (or Defender for Endpoint) call tells us, without tokens or response bodies. */
export interface GraphFailure {
  /** HTTP status; 0 when no response came back (network, TLS, token acquisition). */
  status: number;
  /** `error.code` of the body, or the error name when there was no response (e.g. AuthenticationError). */
  code?: string;
  /** Graph's `request-id` (innerError, or the response header): what Microsoft support asks for. */
  requestId?: string;
  /** `Retry-After` in seconds, when the answer carried one. */
  retryAfterSeconds?: number;
  /** The developer message: for logs only, never shown to people (graph-api.md §3). */
  message?: string;
}

/** One operation, as the person who caused it would say it, and the permission it needs. */
export interface GraphOperation {
  /** "read the alert", "change the alert", "list sharing links of the file". */
  doing: string;
  permission: RequiredPermission;
  /** What to say on 404 (default: it does not exist or DLP Triage cannot see it). */
  notFound?: string;
}

const CREDENTIAL_ERRORS = new Set([
  'AuthenticationError',
  'CredentialUnavailableError',
  'AggregateAuthenticationError',
  'AuthenticationRequiredError',
]);

/** Reads a GraphError (or any other error) into a GraphFailure. */
export function describeGraphFailure(e: unknown): GraphFailure {
  const err = (e ?? {}) as {
    statusCode?: unknown;
    code?: unknown;
    name?: unknown;
    requestId?: unknown;
    headers?: unknown;
    body?: unknown;
    message?: unknown;
  };
  const status = typeof err.statusCode === 'number' && err.statusCode > 0 ? err.statusCode : 0;
  const body = parseBody(err.body);
  const headers = err.headers as { get?: (name: string) => string | null } | undefined;
  const header = (name: string) => (typeof headers?.get === 'function' ? (headers.get(name) ?? undefined) : undefined);
  const inner = (body?.innerError ?? body?.innererror) as Record<string, unknown> | undefined;
  const requestId = str(err.requestId) ?? str(inner?.['request-id']) ?? header('request-id');
  const code = str(body?.code) ?? str(err.code) ?? str(err.name);
  return {
    status,
    code,
    requestId,
    retryAfterSeconds: retryAfterSeconds(header('Retry-After')),
    message: str(body?.message) ?? str(err.message),
  };
}

/** The domain error for a failure: what happened, what to do, and the reference an admin needs. */
export function toTriageError(f: GraphFailure, op: GraphOperation): TriageError {
  const api = op.permission.api === 'WindowsDefenderATP' ? 'Defender for Endpoint' : 'Microsoft Graph';
  const [code, message]: Wording =
    f.status === 0 && f.code && CREDENTIAL_ERRORS.has(f.code)
      ? [
          'unavailable',
          `DLP Triage could not sign in to ${api} to ${op.doing}: its credential was refused or is unavailable. Nothing was changed; tell your admin (see the bot's log).`,
        ]
      : statusWording(f, op, api);
  return new TriageError(code, message, { cause: f });
}

/** A TriageError's code and message. */
type Wording = [TriageError['code'], string];

/** What a failed call's HTTP status (0: no answer) means for the person, in words. */
function statusWording(f: GraphFailure, op: GraphOperation, api: string): Wording {
  const ref = f.requestId ? ` (Graph request id ${f.requestId})` : '';
  switch (f.status) {
    case 0:
      return [
        'unavailable',
        `${api} did not answer, so DLP Triage could not ${op.doing}. Nothing was changed; try again in a minute.`,
      ];
    case 400:
      return ['invalid', `${api} refused the request to ${op.doing} as invalid, so nothing was changed.${ref}`];
    case 401:
      return [
        'unavailable',
        `${api} did not accept DLP Triage's sign-in (HTTP 401), so it could not ${op.doing}. Nothing was changed; tell your admin to check the app registration's credential.${ref}`,
      ];
    case 403:
      return [
        'forbidden',
        `DLP Triage is not allowed to ${op.doing}: its app registration needs ${describePermission(op.permission)}, granted with admin consent. Nothing was changed; tell your admin.${ref}`,
      ];
    case 404:
      return [
        'not-found',
        op.notFound ?? `DLP Triage could not ${op.doing}: it does not exist (any more), or DLP Triage cannot see it.`,
      ];
    case 409:
      return [
        'conflict',
        `Someone else changed it at the same time, so DLP Triage did not ${op.doing}. Refresh and try again.`,
      ];
    case 412:
      return ['stale', `It changed since it was read, so DLP Triage did not ${op.doing}. Refresh and try again.`];
    case 423:
      return [
        'conflict',
        `It is locked${lockReason(f.code)}, so DLP Triage could not ${op.doing}. Try again later.${ref}`,
      ];
    case 429:
    case 503:
    case 504: {
      const when =
        f.retryAfterSeconds !== undefined ? `in ${Math.max(1, Math.ceil(f.retryAfterSeconds))} seconds` : 'in a minute';
      return [
        'unavailable',
        `${api} is busy (HTTP ${f.status}) and asked DLP Triage to slow down, so it could not ${op.doing}. Nothing was changed; try again ${when}.${ref}`,
      ];
    }
    default:
      return f.status >= 500
        ? [
            'unavailable',
            `${api} failed (HTTP ${f.status}) while DLP Triage tried to ${op.doing}. Try again in a minute.${ref}`,
          ]
        : ['invalid', `${api} refused to ${op.doing} (HTTP ${f.status}).${ref}`];
  }
}

/** `Retry-After` in seconds: a number of seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, (at - Date.now()) / 1000);
}

/** The 423 codes assignSensitivityLabel documents (graph-api.md §4), in words. */
function lockReason(code: string | undefined): string {
  switch (code) {
    case 'fileDoubleKeyEncrypted':
      return ': the file is protected with Double Key Encryption, which the API cannot change';
    case 'fileDecryptionNotSupported':
      return ': the file is encrypted in a way the API cannot decrypt';
    case 'fileDecryptionDeferred':
      return ': SharePoint is still processing its encryption';
    default:
      return ' (someone is editing it, or another operation holds it)';
  }
}

function parseBody(body: unknown): Record<string, unknown> | undefined {
  if (body && typeof body === 'object') return body as Record<string, unknown>;
  if (typeof body !== 'string') return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (!parsed || typeof parsed !== 'object') return undefined;
    const inner = (parsed as { error?: unknown }).error;
    return (inner && typeof inner === 'object' ? inner : parsed) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
