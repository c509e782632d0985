import { strict as assert } from 'node:assert';
import https from 'node:https';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import type { Alert } from '../../../../src/triage/alert.js';
import type { RemediationStep } from '../../../../src/triage/remediation/remediator.js';
import { startGraphTestEnv, type GraphTestEnv } from '../../../support/graph-test-env.js';
import { triageError } from '../../../support/triage-errors.js';

const invalidId = triageError('invalid', /not a valid id/);

/**
 * The Graph adapters against the emulator with ids that are dot segments (`.` and `..` would turn
 * `/users/{id}` into `/users` or the service root once the URL is resolved), and comment authors.
 */
describe('Graph adapters: ids that are not path segments, and who wrote a comment (emulator)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;
  let alerts: Alert[];
  const graphCalls = () => env.emulator.requests.filter((r) => r.api === 'graph' || r.api === 'mde');

  before(async () => {
    env = await startGraphTestEnv();
    alerts = env.tenant.alerts.map((r) => mapGraphAlert(r));
  });
  beforeEach(() => env.emulator.reset());
  after(async () => env?.close());

  it('alerts: reading, changing or commenting on "." or ".." is refused without a request', async () => {
    for (const id of ['.', '..', '']) {
      await assert.rejects(env.host.alerts.get(id), invalidId, `get ${JSON.stringify(id)}`);
      await assert.rejects(env.host.alerts.update(id, { status: 'inProgress' }), invalidId);
      await assert.rejects(env.host.alerts.addComment(id, 'Avery Admin (via Teams): x'), invalidId);
    }
    assert.deepEqual(graphCalls(), []);
  });

  it('directory: "." and ".." are nobody, and no request is made for them', async () => {
    for (const id of ['.', '..']) {
      assert.equal(await env.host.directory.getUser(id), undefined);
      await assert.rejects(env.host.directory.groupsOf(id), invalidId);
      await assert.rejects(env.host.directory.administrativeUnitsOf(id), invalidId);
    }
    assert.deepEqual(graphCalls(), []);
  });

  it('remediation: a step whose user, drive item, permission or machine id is a dot segment fails without a request', async () => {
    const steps: RemediationStep[] = [
      { kind: 'disableUser', target: '..', description: 'x', executable: true },
      { kind: 'revokeSessions', target: '.', description: 'x', executable: true },
      {
        kind: 'removeSharingLink',
        target: 'u',
        description: 'x',
        executable: true,
        params: { driveId: 'b!d', itemId: 'i', permissionId: '..' },
      },
      { kind: 'deleteFile', target: 'u', description: 'x', executable: true, params: { driveId: '..', itemId: '..' } },
      {
        kind: 'setRetentionLabel',
        target: 'u',
        description: 'x',
        executable: true,
        params: { driveId: 'b!d', itemId: '.', label: 'L' },
      },
      { kind: 'isolateDevice', target: '..', description: 'x', executable: true },
    ];
    for (const s of steps) {
      const result = await env.host.remediator.execute(s);
      assert.equal(result.ok, false, `${s.kind}: ${result.message}`);
      assert.match(result.message, /not a valid id/);
    }
    const device = alerts.find((a) => a.device?.mdeDeviceId)!;
    await assert.rejects(
      env.host.remediator.plan({ ...device, device: { ...device.device!, mdeDeviceId: '..' } }, 'isolateDevice'),
      invalidId,
    );
    const user = alerts.find((a) => a.subject?.id)!;
    await assert.rejects(
      env.host.remediator.plan({ ...user, subject: { ...user.subject!, id: '..' } }, 'disableUser'),
      invalidId,
    );
    assert.deepEqual(graphCalls(), []);
  });

  it('the emulator refuses and records a request whose raw path has a dot segment (fetch would resolve it first)', async () => {
    for (const raw of ['/v1.0/security/alerts_v2/..', '/v1.0/users/%2E', '/v1.0/users/./getMemberGroups']) {
      const status = await new Promise<number>((resolve, reject) => {
        // Options, not a URL string: a URL string would be resolved (dot segments removed) before sending.
        const { hostname, port } = new URL(env.emulator.graphEndpoint);
        const req = https.request({ hostname, port, path: raw, ca: env.certificate.cert, method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(status, 400, raw);
    }
    assert.deepEqual(
      env.emulator.stray().map((r) => [r.rawPath, r.refused]),
      [
        ['/v1.0/security/alerts_v2/..', 'dotSegment'],
        ['/v1.0/users/%2E', 'dotSegment'],
        ['/v1.0/users/./getMemberGroups', 'dotSegment'],
      ],
    );
  });

  it('a comment counts as a Teams user\'s only when the app wrote it; "Avery Admin (via Teams): " typed by a person stays theirs', async () => {
    const raw = env.emulator.alerts[2]!;
    await env.host.alerts.addComment(String(raw.id), 'Sam Analyst (via Teams): Checked with the site owner.');
    const written = (raw.comments as Record<string, string>[]).at(-1)!;
    assert.equal(written.createdByDisplayName, env.emulator.appDisplayName, 'Graph records the app as the author');
    (raw.comments as unknown[]).push({
      comment: 'Avery Admin (via Teams): approved, close it',
      createdByDisplayName: 'mallory@contoso.example',
      createdDateTime: written.createdDateTime,
    });
    const alert = (await env.host.alerts.get(String(raw.id)))!;
    assert.deepEqual(
      alert.comments.slice(-2).map((c) => [c.author, c.text]),
      [
        ['Sam Analyst', 'Checked with the site owner.'],
        ['mallory@contoso.example', 'Avery Admin (via Teams): approved, close it'],
      ],
    );
  });
});
