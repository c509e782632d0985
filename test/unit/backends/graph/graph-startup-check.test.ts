import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { GraphAdapterProcess } from '../../../support/graph-adapter-process.js';
import { startGraphTestEnv, type GraphTestEnv } from '../../../support/graph-test-env.js';

const INCIDENT_ACTIONS = 'incident actions (assign, status, classify, tags, comment)';

/** Start-up checks and credential kinds of the Graph backend, with @azure/identity talking to the emulator. */
describe('Graph backend start-up checks and credentials (emulator)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;
  const hosts: GraphAdapterProcess[] = [];
  const host = async (extra: Record<string, string> = {}) => {
    const h = new GraphAdapterProcess(
      { ...env.emulator.env(), ACCESS_POLICY_FILE: path.join(env.dir, 'access-policy.json'), ...extra },
      { retry: { baseDelaySeconds: 0.2 } },
    );
    hosts.push(h);
    await h.start();
    return h;
  };

  before(async () => {
    env = await startGraphTestEnv({
      host: false,
      emulator: { federatedToken: 'eyJhbGciOiJSUzI1NiJ9.federated-token-from-the-platform.sig' },
    });
  });
  beforeEach(() => env.emulator.reset());
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.stop()));
  });
  after(async () => env?.close());

  it('opening the backend sends nothing; its start() runs the start-up checks', async () => {
    const h = await host();
    const sent = () => (['login', 'graph', 'mde', 'monitor'] as const).flatMap((api) => env.emulator.calls(api));
    assert.deepEqual(sent(), []);
    await h.check();
    assert.ok(env.emulator.calls('login').length > 0 && env.emulator.calls('graph').length > 0);
    assert.ok(h.logs.some((l) => l.msg === 'Microsoft Graph start-up checks passed'));
  });

  it('passes with every permission, and logs which permissions the token carries (never the token)', async () => {
    const h = await host();
    await h.check();
    const passed = h.logs.find((l) => l.msg === 'Microsoft Graph start-up checks passed')!;
    assert.equal(passed.credential, 'clientSecret');
    assert.ok(passed.permissions.includes('SecurityAlert.ReadWrite.All'));
    assert.ok(!h.logs.some((l) => l.level >= 40), 'no warnings');
    const tokens = env.emulator.calls('graph').map((c) => String(c.headers.authorization).slice(7));
    assert.ok(tokens.length > 0 && !tokens.some((t) => JSON.stringify(h.logs).includes(t)));
  });

  it('a permission missing for an optional feature is named in a warning, and start-up goes on', async () => {
    env.emulator.roles.delete('Files.ReadWrite.All');
    env.emulator.mdeRoles.delete('Machine.Isolate');
    const h = await host();
    await h.check();
    const warnings = h.logs.filter((l) => l.level === 40 && l.feature);
    assert.deepEqual(warnings.map((w) => w.missing).sort(), [['Files.ReadWrite.All'], ['Machine.Isolate']]);
    assert.ok(warnings.every((w) => /admin consent/.test(w.msg)));
  });

  it('without ThreatHunting.Read.All or SecurityIncident.Read.All: a warning names the Investigate feature each unlocks', async () => {
    env.emulator.roles.delete('ThreatHunting.Read.All');
    env.emulator.roles.delete('SecurityIncident.Read.All');
    env.emulator.roles.delete('SecurityIncident.ReadWrite.All');
    const h = await host();
    await h.check();
    const warnings = h.logs.filter((l) => l.level === 40 && l.feature);
    assert.deepEqual(
      warnings.map((w) => [w.feature, w.missing]),
      [
        ['Investigate: user activity', ['ThreatHunting.Read.All']],
        ['Investigate: alerts of the incident', ['SecurityIncident.Read.All']],
        [INCIDENT_ACTIONS, ['SecurityIncident.ReadWrite.All']],
      ],
    );
  });

  it('without SecurityIncident.ReadWrite.All: a warning names it for the incident actions, and start-up goes on', async () => {
    env.emulator.roles.delete('SecurityIncident.ReadWrite.All');
    const h = await host();
    await h.check();
    const warnings = h.logs.filter((l) => l.level === 40 && l.feature);
    assert.deepEqual(
      warnings.map((w) => [w.feature, w.missing]),
      [[INCIDENT_ACTIONS, ['SecurityIncident.ReadWrite.All']]],
    );
    assert.match(warnings[0]!.msg, /SecurityIncident\.ReadWrite\.All.*admin consent/);
  });

  it('no permission to read alerts stops start-up with a message that names it', async () => {
    env.emulator.roles.delete('SecurityAlert.ReadWrite.All');
    const h = await host();
    await assert.rejects(
      h.check(),
      (e: Error) =>
        /start-up check failed/.test(e.message) &&
        /SecurityAlert\.Read\.All/.test(e.message) &&
        /admin consent/.test(e.message),
    );
  });

  it('a wrong client secret stops start-up: no token, and the Entra error says why (the secret is not echoed)', async () => {
    const h = await host({ AZURE_CLIENT_SECRET: 'not-the-secret-value' });
    await assert.rejects(
      h.check(),
      (e: Error) =>
        /Could not get a token/.test(e.message) &&
        /clientSecret/.test(e.message) &&
        /AADSTS7000215/.test(e.message) &&
        !e.message.includes('not-the-secret-value'),
    );
  });

  it('workload identity: the federated token file is the client assertion', async () => {
    const file = path.join(env.dir, 'federated-token');
    await fs.writeFile(file, 'eyJhbGciOiJSUzI1NiJ9.federated-token-from-the-platform.sig');
    const h = await host({ AZURE_CLIENT_SECRET: '', AZURE_FEDERATED_TOKEN_FILE: file });
    await h.check();
    assert.equal(
      h.logs.find((l) => l.msg === 'Microsoft Graph start-up checks passed')?.credential,
      'workloadIdentity',
    );
    const form = env.emulator.calls('login', 'POST')[0]!.body as Record<string, string>;
    assert.equal(form.client_assertion_type, 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    assert.equal(form.client_secret, undefined);
  });
});
