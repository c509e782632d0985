import { strict as assert } from 'node:assert';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import type { Alert } from '../../../../src/triage/alert.js';
import { remediationsFor } from '../../../../src/triage/remediation/remediation-action.js';
import { TriageError } from '../../../../src/triage/triage-error.js';
import { startGraphTestEnv, type GraphTestEnv } from '../../../support/graph-test-env.js';

/** GraphRemediator against the emulator: the exact calls, bodies and audiences, and how refusals read. */
describe('GraphRemediator over HTTPS (emulator: Graph + Defender for Endpoint)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;
  let alerts: Alert[];
  const fileAlert = () => alerts.find((a) => remediationsFor(a).includes('deleteFile') && a.file?.url)!;
  const userAlert = () => alerts.find((a) => a.subject?.id)!;
  const deviceAlert = () =>
    alerts.find(
      (a) => a.device?.mdeDeviceId && !env.emulator.machines.find((m) => m.id === a.device!.mdeDeviceId)?.failure,
    )!;

  before(async () => {
    env = await startGraphTestEnv();
    alerts = env.tenant.alerts.map((r) => mapGraphAlert(r));
  });
  beforeEach(() => env.emulator.reset());
  after(async () => env?.close());

  it('account: reads it live, PATCHes only accountEnabled, revokes sessions with no body', async () => {
    const a = userAlert();
    const [disable] = await env.host.remediator.plan(a, 'disableUser');
    assert.equal(
      env.emulator.calls('graph', 'GET', /^\/v1\.0\/users\//)[0]!.query.$select,
      'id,displayName,userPrincipalName,accountEnabled,signInSessionsValidFromDateTime',
    );
    await env.host.remediator.execute(disable!);
    const [revoke] = await env.host.remediator.plan(a, 'revokeSessions');
    await env.host.remediator.execute(revoke!);
    assert.deepEqual(
      env.emulator.calls('graph', 'PATCH').map((c) => [c.path, c.body]),
      [[`/v1.0/users/${a.subject!.id}`, { accountEnabled: false }]],
    );
    const post = env.emulator.calls('graph', 'POST', /revokeSignInSessions$/)[0]!;
    assert.equal(post.rawBody, '');
    assert.equal(post.status, 200);
  });

  it('file: resolved through /shares/u!<base64url of the URL>/driveItem; steps act on that drive item', async () => {
    const a = fileAlert();
    const [step] = await env.host.remediator.plan(a, 'deleteFile');
    const share = env.emulator.calls('graph', 'GET', /^\/v1\.0\/shares\//)[0]!;
    assert.equal(
      share.path,
      `/v1.0/shares/u!${Buffer.from(new URL(a.file!.url!).href).toString('base64url')}/driveItem`,
    );
    const item = env.emulator.files.find((f) => f.url === new URL(a.file!.url!).href)!;
    assert.deepEqual([step!.params?.driveId, step!.params?.itemId], [item.driveId, item.itemId]);
    await env.host.remediator.execute(step!);
    assert.deepEqual(
      env.emulator.calls('graph', 'DELETE').map((c) => c.path),
      [`/v1.0/drives/${item.driveId}/items/${item.itemId}`],
    );
  });

  it('sensitivity label: 202, then the monitor URL is polled (without the token) until the job completes', async () => {
    const a = fileAlert();
    const [step] = await env.host.remediator.plan(a, 'applySensitivityLabel');
    assert.equal(
      env.emulator.calls('graph', 'POST', /extractSensitivityLabels$/).length,
      1,
      'the current label was read live',
    );
    const result = await env.host.remediator.execute(step!);
    assert.deepEqual(result, { ok: true, message: 'Label "Highly Confidential" applied.' });
    const assign = env.emulator.calls('graph', 'POST', /assignSensitivityLabel$/)[0]!;
    assert.deepEqual(Object.keys(assign.body as object).sort(), [
      'assignmentMethod',
      'justificationText',
      'sensitivityLabelId',
    ]);
    assert.equal(
      (assign.body as { sensitivityLabelId: string }).sensitivityLabelId,
      env.emulator.labels.get('Highly Confidential'),
    );
    const polls = env.emulator.calls('monitor');
    assert.equal(polls.length, 2, 'in progress, then completed');
    assert.ok(
      polls.every((p) => p.headers.authorization === undefined),
      'no bearer token to the monitor URL',
    );
  });

  it('sensitivity label refused with 423 explains the lock (Double Key Encryption)', async () => {
    const [step] = await env.host.remediator.plan(fileAlert(), 'applySensitivityLabel');
    env.emulator.failNext({
      path: /assignSensitivityLabel$/,
      status: 423,
      body: {
        error: {
          code: 'fileDoubleKeyEncrypted',
          message: 'The file is DKE protected.',
          innerError: { 'request-id': 'r-423' },
        },
      },
    });
    const result = await env.host.remediator.execute(step!);
    assert.equal(result.ok, false);
    assert.match(result.message, /locked: the file is protected with Double Key Encryption/);
    assert.match(result.message, /r-423/);
  });

  it('a step refused for a missing permission says which one; a backend that does not answer throws (outcome unknown)', async () => {
    env.emulator.roles.delete('User.EnableDisableAccount.All');
    const [disable] = await env.host.remediator.plan(userAlert(), 'disableUser');
    const refused = await env.host.remediator.execute(disable!);
    assert.equal(refused.ok, false);
    assert.match(refused.message, /User\.EnableDisableAccount\.All and User\.Read\.All/);
    env.emulator.failNext({
      method: 'PATCH',
      path: /^\/v1\.0\/users\//,
      status: 503,
      times: 10,
      headers: { 'Retry-After': '0' },
    });
    env.emulator.roles.add('User.EnableDisableAccount.All');
    await assert.rejects(
      env.host.remediator.execute(disable!),
      (e: unknown) => e instanceof TriageError && e.code === 'unavailable',
    );
  });

  it('device: Defender for Endpoint on its own host and token audience; isolate and release bodies as documented', async () => {
    const a = deviceAlert();
    const [isolate] = await env.host.remediator.plan(a, 'isolateDevice');
    await env.host.remediator.execute(isolate!);
    const mde = env.emulator.calls('mde');
    assert.deepEqual(
      mde.map((c) => `${c.method} ${c.path}`),
      [
        `GET /api/machines/${a.device!.mdeDeviceId}`,
        'GET /api/machineactions',
        `POST /api/machines/${a.device!.mdeDeviceId}/isolate`,
      ],
    );
    assert.equal(mde[1]!.query.$filter, `machineId eq '${a.device!.mdeDeviceId}'`);
    assert.deepEqual(Object.keys(mde[2]!.body as object).sort(), ['Comment', 'IsolationType']);
    assert.equal((mde[2]!.body as { IsolationType: string }).IsolationType, 'Full');
    const scopes = env.emulator.calls('login', 'POST').map((c) => (c.body as { scope: string }).scope);
    // The emulator refuses a token of another audience, so these calls succeeding proves the separate token.
    assert.deepEqual(
      scopes,
      [`${env.emulator.mdeEndpoint}/.default`],
      'a token for the Defender for Endpoint audience (the Graph one was cached)',
    );
    assert.ok(mde.every((c) => c.status! < 300));
  });

  it('a file that no longer exists plans nothing; a removed link that is already gone counts as removed', async () => {
    const a = fileAlert();
    const steps = await env.host.remediator.plan(a, 'removeSharingLinks');
    const removable = steps.find((s) => s.executable)!;
    env.emulator.failNext({ method: 'DELETE', path: /permissions/, status: 404 });
    assert.deepEqual(await env.host.remediator.execute(removable), { ok: true, message: 'The link was already gone.' });
    env.emulator.files.find((f) => f.url === new URL(a.file!.url!).href)!.deleted = true;
    const [gone] = await env.host.remediator.plan(a, 'removeSharingLinks');
    assert.equal(gone!.executable, false);
    assert.match(gone!.description, /no longer at/);
  });
});
