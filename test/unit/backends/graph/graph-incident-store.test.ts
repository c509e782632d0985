import { strict as assert } from 'node:assert';
import https from 'node:https';
import { startGraphTestEnv, type GraphTestEnv } from '../../../support/graph-test-env.js';
import { triageError } from '../../../support/triage-errors.js';

type Raw = Record<string, any>;

/**
 * GraphIncidentStore against the emulator: the request shapes Graph documents for `security/incidents` (the Prefer
 * header on every read, the PATCH body, the comment body, paths), permissions, and answers it cannot read.
 */
describe('GraphIncidentStore over HTTPS (emulator, real @azure/identity and Graph client)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;
  const incidentCalls = (method?: string) => env.emulator.calls('graph', method, /^\/v1\.0\/security\/incidents/);
  /** The seeded incident with the most alerts (DLP and Defender for Endpoint). */
  const big = () => {
    const count = (i: Raw) => env.emulator.alerts.filter((a) => a.incidentId === i.id).length;
    return [...env.emulator.incidents].sort((a, b) => count(b) - count(a))[0]! as Raw;
  };

  /** A request straight to the emulator, with the token the adapters got (taken from a recorded request). */
  async function direct(method: string, path: string, body?: unknown): Promise<{ status: number; body: Raw }> {
    await env.host.incidents.get(big().id);
    const authorization = String(incidentCalls('GET').at(-1)!.headers.authorization);
    const url = new URL(path, env.emulator.graphEndpoint);
    return new Promise((resolve, reject) => {
      const headers = { authorization, 'content-type': 'application/json', prefer: 'include-unknown-enum-members' };
      const req = https.request(url, { method, headers, ca: env.certificate.cert }, (res) => {
        let text = '';
        res.on('data', (d) => (text += String(d)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {} }));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  before(async () => {
    env = await startGraphTestEnv({ emulator: { pageSize: 2 } });
  });
  beforeEach(() => env.emulator.reset());
  after(async () => env?.close());

  it('every read carries Prefer: include-unknown-enum-members, the alerts pages too (followed by nextLink)', async () => {
    await env.host.incidents.get(big().id);
    const alerts = await env.host.incidents.alertsOf(big().id);
    assert.ok(alerts.length > 2, 'more alerts than one page');
    const reads = incidentCalls('GET');
    assert.ok(reads.filter((r) => r.path.endsWith('/alerts')).length > 1, 'several pages were read');
    for (const r of reads) assert.equal(r.headers.prefer, 'include-unknown-enum-members', r.path);
  });

  it('with the Prefer header, late enum members come through (awaitingAction, microsoftSentinel)', async () => {
    const incident = big();
    incident.status = 'awaitingAction';
    const alert = env.emulator.alerts.find((a) => a.incidentId === incident.id)!;
    alert.serviceSource = 'microsoftSentinel';
    assert.equal((await env.host.incidents.get(incident.id))!.status, 'awaitingAction');
    const sources = (await env.host.incidents.alertsOf(incident.id)).map((a) => a.source);
    assert.ok(sources.includes('microsoftSentinel'));
  });

  it('PATCH sends exactly the patch, camelCase, only writable properties; the answer is the updated incident', async () => {
    const id = big().id;
    const patch = {
      status: 'resolved',
      classification: 'falsePositive',
      determination: 'notMalicious',
      assignedTo: null,
    };
    const after = await env.host.incidents.update(id, { ...patch, severity: 'high', displayName: 'x' } as never);
    const [sent] = incidentCalls('PATCH');
    assert.equal(sent!.path, `/v1.0/security/incidents/${id}`);
    assert.deepEqual(sent!.body, patch);
    assert.match(String(sent!.headers['content-type']), /^application\/json/);
    assert.equal(after.status, 'resolved');
    assert.equal(incidentCalls('GET').length, 0, 'the PATCH answer is used, no read-back');
  });

  it('customTags go as the whole new list', async () => {
    await env.host.incidents.update(big().id, { customTags: ['VIP', 'Escalated'] });
    assert.deepEqual(incidentCalls('PATCH')[0]!.body, { customTags: ['VIP', 'Escalated'] });
    assert.deepEqual(env.emulator.incidents.find((i) => i.id === big().id)!.customTags, ['VIP', 'Escalated']);
  });

  it('a comment is POSTed as one alertComment, then the incident is read back', async () => {
    const after = await env.host.incidents.addComment(big().id, 'Ana Ruiz (via Teams): checked');
    const [posted] = incidentCalls('POST');
    assert.equal(posted!.path, `/v1.0/security/incidents/${big().id}/comments`);
    assert.deepEqual(posted!.body, {
      '@odata.type': 'microsoft.graph.security.alertComment',
      comment: 'Ana Ruiz (via Teams): checked',
    });
    assert.equal(after.comments.at(-1)!.text, 'checked');
  });

  it('an id that is not one is refused without a request; an id with a slash stays one segment', async () => {
    for (const id of ['..', '.', '$count', ''])
      await assert.rejects(env.host.incidents.update(id, { status: 'active' }), triageError('invalid'));
    await assert.rejects(env.host.incidents.get('..'), triageError('invalid'));
    assert.equal(incidentCalls().length, 0);
    assert.equal(await env.host.incidents.get('12/alerts'), undefined);
    assert.equal(incidentCalls()[0]!.rawPath, '/v1.0/security/incidents/12%2Falerts');
    assert.deepEqual(
      env.emulator.stray().filter((r) => r.refused === 'dotSegment'),
      [],
    );
  });

  it('without SecurityIncident.ReadWrite.All a change is refused naming it, and nothing changes', async () => {
    env.emulator.roles.delete('SecurityIncident.ReadWrite.All');
    const before = structuredClone(big());
    await assert.rejects(
      env.host.incidents.update(big().id, { status: 'resolved' }),
      triageError('forbidden', /SecurityIncident\.ReadWrite\.All/),
    );
    await assert.rejects(
      env.host.incidents.addComment(big().id, 'hello'),
      triageError('forbidden', /SecurityIncident\.ReadWrite\.All/),
    );
    assert.deepEqual(big(), before);
    assert.ok(await env.host.incidents.get(big().id), 'reading still works with SecurityIncident.Read.All');
  });

  it('an incident in a shape it cannot read is unavailable, logged without its content', async () => {
    env.emulator.failNext({
      method: 'GET',
      path: /^\/v1\.0\/security\/incidents\/[^/]+$/,
      status: 200,
      body: { id: 7, displayName: 'secret-name-xyz' },
    });
    await assert.rejects(env.host.incidents.get(big().id), triageError('unavailable', /admin/));
    assert.ok(!JSON.stringify(env.host.logs).includes('secret-name-xyz'));
  });

  it('the emulator refuses what Graph refuses: unknown properties, PascalCase or unknown values, non-string tags', async () => {
    const path = `/v1.0/security/incidents/${big().id}`;
    const before = structuredClone(big());
    for (const body of [
      { severity: 'high' },
      { displayName: 'renamed' },
      { classification: 'TruePositive' },
      { status: 'awaitingAction' },
      { determination: 'MultiStagedAttack' },
      { customTags: ['ok', 7] },
      { customTags: 'VIP' },
      {},
    ]) {
      const answer = await direct('PATCH', path, body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.code, 'BadRequest');
    }
    assert.deepEqual(big(), before);
    const comment = await direct('POST', `${path}/comments`, { comment: 'no type' });
    assert.equal(comment.status, 400);
  });

  it('the emulator serves $expand=alerts with the incident, every source, and refuses other expansions', async () => {
    const path = `/v1.0/security/incidents/${big().id}`;
    const expanded = await direct('GET', `${path}?$expand=alerts`);
    assert.equal(expanded.status, 200);
    const ids = env.emulator.alerts.filter((a) => a.incidentId === big().id).map((a) => a.id);
    assert.deepEqual((expanded.body.alerts as Raw[]).map((a) => a.id).sort(), ids.sort());
    assert.equal((await direct('GET', `${path}?$expand=comments`)).status, 400);
    assert.equal((await direct('GET', `${path}?$select=id`)).status, 400);
  });
});
