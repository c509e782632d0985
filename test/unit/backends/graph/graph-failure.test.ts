import { strict as assert } from 'node:assert';
import { GraphError } from '@microsoft/microsoft-graph-client';
import {
  describeGraphFailure,
  retryAfterSeconds,
  toTriageError,
  type GraphOperation,
} from '../../../../src/backends/graph/graph-failure.js';
import { PERMISSIONS } from '../../../../src/backends/graph/graph-permissions.js';

const op: GraphOperation = { doing: 'change the alert', permission: PERMISSIONS.alertsWrite };

/** A GraphError as the SDK builds it from an error answer. */
function graphError(status: number, error: Record<string, unknown>, headers: Record<string, string> = {}): GraphError {
  const e = new GraphError(status, String(error.message ?? ''));
  e.code = String(error.code ?? '');
  e.body = JSON.stringify(error);
  e.headers = new Headers(headers);
  return e;
}

describe('graph failures → domain errors', () => {
  it('reads status, code, request id (innerError or innererror, else the header) and Retry-After', () => {
    assert.deepEqual(
      describeGraphFailure(
        graphError(
          429,
          { code: 'TooManyRequests', message: 'slow down', innerError: { 'request-id': 'r-1' } },
          { 'Retry-After': '7' },
        ),
      ),
      {
        status: 429,
        code: 'TooManyRequests',
        requestId: 'r-1',
        retryAfterSeconds: 7,
        message: 'slow down',
      },
    );
    assert.equal(
      describeGraphFailure(graphError(403, { code: 'x', innererror: { 'request-id': 'r-2' } })).requestId,
      'r-2',
    );
    assert.equal(describeGraphFailure(graphError(500, { code: 'x' }, { 'request-id': 'r-3' })).requestId, 'r-3');
    const auth = describeGraphFailure(
      Object.assign(new GraphError(-1, 'AADSTS7000215'), { code: 'AuthenticationError' }),
    );
    assert.deepEqual([auth.status, auth.code], [0, 'AuthenticationError']);
  });

  it('Retry-After as seconds or as an HTTP date', () => {
    assert.equal(retryAfterSeconds('12'), 12);
    const inTen = new Date(Date.now() + 10_000).toUTCString();
    assert.ok(Math.abs(retryAfterSeconds(inTen)! - 10) <= 1);
    assert.equal(retryAfterSeconds(null), undefined);
    assert.equal(retryAfterSeconds('soon'), undefined);
  });

  it('maps each status to one domain code with a message for people, never the developer message', () => {
    const cases: [number, string, RegExp][] = [
      [400, 'invalid', /refused the request to change the alert as invalid/],
      [401, 'unavailable', /did not accept DLP Triage's sign-in/],
      [
        403,
        'forbidden',
        /needs the Microsoft Graph application permission SecurityAlert\.ReadWrite\.All, granted with admin consent/,
      ],
      [404, 'not-found', /does not exist/],
      [409, 'conflict', /changed it at the same time/],
      [412, 'stale', /changed since it was read/],
      [423, 'conflict', /locked/],
      [429, 'unavailable', /busy \(HTTP 429\).*try again in 3 seconds/],
      [503, 'unavailable', /busy \(HTTP 503\)/],
      [504, 'unavailable', /busy \(HTTP 504\)/],
      [500, 'unavailable', /failed \(HTTP 500\)/],
      [0, 'unavailable', /did not answer/],
    ];
    for (const [status, code, pattern] of cases) {
      const e = toTriageError({ status, requestId: 'r-9', retryAfterSeconds: 2.5, message: 'DEVELOPER DETAIL' }, op);
      assert.equal(e.code, code, `HTTP ${status}`);
      assert.match(e.userMessage, pattern, `HTTP ${status}`);
      assert.ok(!e.userMessage.includes('DEVELOPER DETAIL'));
    }
    assert.match(
      toTriageError({ status: 0, code: 'CredentialUnavailableError' }, op).userMessage,
      /could not sign in to Microsoft Graph/,
    );
    assert.match(
      toTriageError({ status: 403 }, { doing: 'isolate the device', permission: PERMISSIONS.machinesIsolate })
        .userMessage,
      /WindowsDefenderATP application permission Machine\.Isolate/,
    );
    assert.match(
      toTriageError({ status: 423, code: 'fileDecryptionDeferred' }, op).userMessage,
      /still processing its encryption/,
    );
  });
});
