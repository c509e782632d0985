import { strict as assert } from 'node:assert';
import { readAll } from '../../../support/alert-pages.js';
import { GraphAdapterProcess } from '../../../support/graph-adapter-process.js';
import { startGraphTestEnv, type GraphTestEnv } from '../../../support/graph-test-env.js';
import { dlpAlertsOf } from '../../../support/seed-tenant.js';
import { triageError } from '../../../support/triage-errors.js';

/** GraphAlertStore against the emulator: request shapes, paging, throttling, errors and tolerance. */
describe('GraphAlertStore over HTTPS (emulator, real @azure/identity and Graph client)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;
  const alertCalls = () => env.emulator.calls('graph', undefined, /^\/v1\.0\/security\/alerts_v2/);
  const idOf = (n: number) => String((env.tenant.alerts[n] as { id: string }).id);
  /** The seed's DLP alerts: its correlated Defender alert is filtered out by serviceSource. */
  const dlpCount = () => dlpAlertsOf(env.tenant).length;

  before(async () => {
    env = await startGraphTestEnv({ emulator: { pageSize: 10 } });
  });
  beforeEach(() => env.emulator.reset());
  after(async () => env?.close());

  it('lists DLP alerts changed since the watermark: the documented filter, unquoted UTC literal, Prefer header, nextLinks followed as given', async () => {
    const since = '2026-01-01T00:00:00.1234567Z';
    const { alerts, pages } = await readAll(env.host.alerts, since);
    assert.equal(alerts.length, dlpCount());
    assert.equal(pages, Math.ceil(dlpCount() / 10));
    const calls = alertCalls();
    assert.equal(calls.length, pages);
    assert.equal(calls[0]!.query.$filter, `serviceSource eq 'dataLossPrevention' and lastUpdateDateTime ge ${since}`);
    assert.equal(calls[0]!.query.$top, '100');
    for (let i = 1; i < calls.length; i++)
      assert.equal(calls[i]!.query.$skip, String(i * 10), 'the nextLink, unchanged');
    for (const c of calls) {
      assert.equal(c.headers.prefer, 'include-unknown-enum-members');
      assert.match(String(c.headers.authorization), /^Bearer /);
    }
  });

  it('a cursor that is not a nextLink of the Graph endpoint is refused without a call', async () => {
    await assert.rejects(
      env.host.alerts.listChangedSince(undefined, 'https://evil.example/v1.0/security/alerts_v2?$skip=10'),
      triageError('invalid'),
    );
    assert.equal(alertCalls().length, 0);
  });

  it('an unknown enum value in one alert and an unreadable alert do not fail the page', async () => {
    const [odd, broken] = env.emulator.alerts as Record<string, any>[];
    Object.assign(odd!, {
      status: 'unknownFutureValue',
      severity: 'critical',
      determination: 'aiGeneratedActivity',
      detectionSource: 'microsoftSentinel',
    });
    odd!.evidence.push({
      '@odata.type': '#microsoft.graph.security.aiAgentEvidence',
      roles: ['promptInjector'],
      verdict: 'brandNewVerdict',
      agentName: 'Copilot',
    });
    delete broken!.createdDateTime;
    const { alerts } = await readAll(env.host.alerts);
    assert.equal(alerts.length, dlpCount() - 1, 'only the unreadable alert is skipped');
    const mapped = alerts.find((a) => a.id === odd!.id)!;
    assert.deepEqual(
      [mapped.status, mapped.severity, mapped.determination],
      ['unknown', 'unknown', 'aiGeneratedActivity'],
    );
    assert.ok(!alerts.some((a) => a.id === broken!.id));
    const skipped = env.host.logs.find((l) => l.msg === 'skipped an alert Graph returned in an unreadable shape');
    assert.equal(skipped?.alertId, broken!.id);
    assert.equal(skipped?.graph.path, 'createdDateTime');
  });

  it('reads the triage facts Graph serves, and lists the ones an alert without them does not provide', async () => {
    const [full, bare] = env.emulator.alerts as Record<string, any>[];
    delete bare!.additionalData;
    const withFacts = (await env.host.alerts.get(full!.id))!;
    assert.deepEqual(withFacts.notProvided, []);
    assert.ok(withFacts.policyOutcome && withFacts.destination && withFacts.subject?.department);
    const without = (await env.host.alerts.get(bare!.id))!;
    assert.deepEqual(without.notProvided, ['department', 'sensitiveInfoTypes', 'destination', 'policyOutcome']);
  });

  it('PATCH carries only the writable fields, with the SDK enum values', async () => {
    const id = idOf(0);
    await env.host.alerts.update(id, {
      classification: 'falsePositive',
      determination: 'notMalicious',
      status: 'resolved',
    });
    await env.host.alerts.update(id, { assignedTo: null });
    const patches = env.emulator.calls('graph', 'PATCH');
    assert.deepEqual(
      patches.map((p) => p.body),
      [{ classification: 'falsePositive', determination: 'notMalicious', status: 'resolved' }, { assignedTo: null }],
    );
    assert.ok(
      patches.every(
        (p) =>
          p.headers['content-type']?.startsWith('application/json') &&
          p.headers.prefer === 'include-unknown-enum-members',
      ),
    );
  });

  it('a comment is one alertComment (the documented body), then the alert is read back', async () => {
    const id = idOf(1);
    const after = await env.host.alerts.addComment(id, 'Avery Admin (via Teams): escalated');
    assert.deepEqual(
      env.emulator.calls('graph', 'POST').map((p) => p.body),
      [{ '@odata.type': 'microsoft.graph.security.alertComment', comment: 'Avery Admin (via Teams): escalated' }],
    );
    assert.equal(after.comments.at(-1)?.author, 'Avery Admin');
  });

  it('429: waits as long as Retry-After says, once, then succeeds', async () => {
    env.emulator.failNext({ path: /alerts_v2$/, status: 429, headers: { 'Retry-After': '2' } });
    const page = await env.host.alerts.listChangedSince(undefined);
    assert.equal(page.alerts.length, 10);
    const [first, second] = alertCalls();
    assert.equal(first!.status, 429);
    assert.equal(second!.status, 200);
    assert.ok(second!.at - first!.at >= 1_950, `waited ${second!.at - first!.at} ms`);
    assert.equal(second!.headers['retry-attempt'], '1');
  });

  it('503 (no Retry-After): retried with backoff, then succeeds', async () => {
    env.emulator.failNext({ path: /alerts_v2\/[^/]+$/, status: 503, times: 2 });
    const id = idOf(2);
    assert.equal((await env.host.alerts.get(id))?.id, id);
    assert.deepEqual(
      alertCalls().map((c) => c.status),
      [503, 503, 200],
    );
  });

  it('never retries forever: after 3 retries it is unavailable; a Retry-After beyond 60 s is not waited for', async () => {
    env.emulator.failNext({ path: /alerts_v2\/[^/]+$/, status: 503, times: 10, headers: { 'Retry-After': '0' } });
    await assert.rejects(
      env.host.alerts.get(idOf(0)),
      triageError('unavailable', /busy \(HTTP 503\)/, /Graph request id/),
    );
    assert.equal(alertCalls().length, 4);
    env.emulator.reset();
    env.emulator.failNext({ path: /alerts_v2$/, status: 429, headers: { 'Retry-After': '600' } });
    const started = Date.now();
    await assert.rejects(
      env.host.alerts.listChangedSince(undefined),
      triageError('unavailable', /try again in 600 seconds/),
    );
    assert.ok(Date.now() - started < 5_000);
    assert.equal(alertCalls().length, 1);
  });

  it('a call that does not answer is cut off by the per-attempt timeout: unavailable, not a hang', async () => {
    const slow = new GraphAdapterProcess(
      { ...env.emulator.env(), ACCESS_POLICY_FILE: 'unused.json' },
      { timeoutMs: 500 },
    );
    await slow.start();
    try {
      await slow.alerts.get(idOf(0));
      env.emulator.failNext({ path: /alerts_v2\/[^/]+$/, status: 200, delayMs: 3_000 });
      const started = Date.now();
      await assert.rejects(slow.alerts.get(idOf(0)), triageError('unavailable', /did not answer/));
      assert.ok(Date.now() - started < 2_500);
      assert.ok(
        slow.logs.some((l) => l.msg === 'graph call failed without an answer' && l.graph.error === 'TimeoutError'),
      );
    } finally {
      await slow.stop();
    }
  });

  it('a POST is not retried after a 504 (the comment might have been added)', async () => {
    env.emulator.failNext({ method: 'POST', path: /comments$/, status: 504 });
    await assert.rejects(env.host.alerts.addComment(idOf(0), 'x'), triageError('unavailable'));
    assert.equal(env.emulator.calls('graph', 'POST').length, 1);
  });

  it('403: a forbidden error that names the missing permission; the failure is logged with its Graph request id', async () => {
    env.emulator.roles.delete('SecurityAlert.ReadWrite.All');
    env.emulator.roles.add('SecurityAlert.Read.All');
    const id = idOf(0);
    await assert.rejects(
      env.host.alerts.update(id, { status: 'inProgress' }),
      triageError('forbidden', /SecurityAlert\.ReadWrite\.All/, /admin consent/),
    );
    assert.equal((await env.host.alerts.get(id))?.id, id, 'reading still works');
    const refused = env.emulator.calls('graph', 'PATCH')[0]!;
    assert.equal(refused.status, 403);
    await waitFor(() =>
      env.host.logs.some((l) => l.level === 40 && l.graph?.requestId === refused.requestId && l.graph?.status === 403),
    );
    assert.ok(
      env.host.logs.some((l) => l.msg === 'graph operation failed' && l.graph?.requestId === refused.requestId),
      'the operation failure names the request id too',
    );
    assert.ok(
      !JSON.stringify(env.host.logs).includes(String(refused.headers.authorization).slice(7)),
      'the token is never logged',
    );
  });

  it('404: get is undefined, update is not-found', async () => {
    env.emulator.failNext({ method: 'GET', path: /alerts_v2\/[^/]+$/, status: 404 });
    assert.equal(await env.host.alerts.get(idOf(0)), undefined);
    await assert.rejects(
      env.host.alerts.update('dl-gone', { status: 'resolved' }),
      triageError('not-found', /does not exist/),
    );
  });

  it('other refusals map to domain errors with a message for people: 400 invalid, 409 conflict, 412 stale', async () => {
    const id = idOf(0);
    for (const [status, code] of [
      [400, 'invalid'],
      [409, 'conflict'],
      [412, 'stale'],
    ] as const) {
      env.emulator.failNext({ method: 'PATCH', path: /alerts_v2/, status });
      await assert.rejects(env.host.alerts.update(id, { status: 'inProgress' }), triageError(code), `HTTP ${status}`);
    }
  });
});

async function waitFor(check: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}
