import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildLocalAccessPolicy } from '../../src/backends/local/local-access-policy.js';
import { cardAction, installInTeam } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { startGraphTestEnv, type GraphTestEnv } from '../support/graph-test-env.js';
import { AS } from '../support/personas.js';
import { rawAlertsIn } from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

type Json = any;
const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';

/*
 * Black box: how the invoke handler treats names and ids that come off the wire, on the local backend.
 */
describe('black box: card action lookups and the answer cache (real server over HTTP)', function () {
  this.timeout(60_000);
  let dir: string;
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let bot: BotProcess;
  let tenant: Json;

  before(async () => {
    ({
      connector,
      serviceUrl,
      dataDir: dir,
      bot,
    } = await startBlackBox('dlp-invoke-', { env: { DEMO_ALERT_INTERVAL_SECONDS: '0' } }));
    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
    tenant = JSON.parse(await fs.readFile(path.join(dir, 'local-tenant.json'), 'utf8'));
  });

  after(() => stopBlackBox({ bot, connector, dataDir: dir }));

  for (const verb of ['toString', 'constructor', '__proto__', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']) {
    it(`verb "${verb}" (an Object.prototype name) is an unknown button, answered 200 with a message`, async () => {
      const alert = tenant.alerts[0];
      const res = await bot.send(
        cardAction({ serviceUrl, from: AS.avery }, verb, { alertId: alert.id, version: alert.lastUpdateDateTime }),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.type, MESSAGE);
      assert.match(res.body.value, /is not one DLP Triage knows/);
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
    });
  }

  it('a second user sending an answered activity id gets their own answer, not the first user’s', async () => {
    const alert = rawAlertsIn(tenant, 'Americas')[0]!;
    const first = cardAction({ serviceUrl, from: AS.avery }, 'alert.details', {
      alertId: alert.id,
      version: alert.lastUpdateDateTime,
    });
    const answer = await bot.send(first);
    assert.equal(answer.body.type, CARD, 'Avery sees the details');
    const replay = { ...first, from: AS.olu };
    const other = await bot.send(replay);
    assert.equal(other.body.type, MESSAGE, JSON.stringify(other.body).slice(0, 300));
    assert.equal(other.body.value, NOT_FOUND);
    assert.ok(!JSON.stringify(other.body).includes(alert.title), 'nothing of the alert reaches Olu');
  });

  it('the same user retrying the same activity id gets the first answer (no second change)', async () => {
    const alert = rawAlertsIn(tenant, 'Americas')[0]!;
    const click = cardAction({ serviceUrl, from: AS.sam }, 'alert.comment', {
      alertId: alert.id,
      version: alert.lastUpdateDateTime,
      comment: 'Checked with the owner.',
    });
    const [a, b] = [await bot.send(click), await bot.send(click)];
    assert.equal(a.body.type, CARD);
    assert.deepEqual(b.body, a.body);
    const stored = JSON.parse(await fs.readFile(path.join(dir, 'local-tenant.json'), 'utf8')).alerts.find(
      (x: Json) => x.id === alert.id,
    );
    assert.equal(stored.comments.filter((c: Json) => /Checked with the owner/.test(c.comment)).length, 1);
  });

  it('the same activity id with another verb is not answered from the cache', async () => {
    const alert = rawAlertsIn(tenant, 'EMEA')[0]!;
    const refresh = cardAction({ serviceUrl, from: AS.emma }, 'alert.refresh', { alertId: alert.id });
    await bot.send(refresh);
    const details = await bot.send({
      ...refresh,
      value: { ...refresh.value, action: { ...refresh.value.action, verb: 'alert.details' } },
    });
    assert.equal(details.body.type, CARD);
    assert.ok(JSON.stringify(details.body).includes('Sensitive info'), 'the details view, not the refreshed card');
  });
});

/*
 * Black box on the Graph backend: a directory that answers group lookups after 2.5 s pushes a click past
 * the 1.5 s invoke deadline. The late answer must not show the alert to someone who may not see it.
 */
describe('black box: a late answer never shows an alert the clicking user may not see (slow directory)', function () {
  this.timeout(120_000);
  let env: GraphTestEnv;
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let bot: BotProcess;

  before(async () => {
    env = await startGraphTestEnv({ host: false });
    connector = new FakeTeamsConnector();
    serviceUrl = await connector.start();
    const policy = path.join(env.dir, 'access-policy.json');
    await fs.writeFile(policy, JSON.stringify(buildLocalAccessPolicy(), null, 2));
    await fs.mkdir(path.join(env.dir, 'data'));
    bot = new BotProcess({
      ...env.emulator.env(),
      DATA_DIR: path.join(env.dir, 'data'),
      ACCESS_POLICY_FILE: policy,
      POLL_INTERVAL_SECONDS: '3600',
    });
    await bot.start();
  });

  after(async () => {
    await bot?.stop();
    await connector?.stop();
    await env?.close();
  });

  for (const who of ['emma', 'olu'] as const) {
    it(`${who} clicking Assign to me on an Americas alert while the directory is slow gets no alert data`, async () => {
      const raw = rawAlertsIn(env.tenant, 'Americas')[0]!;
      const me = AS[who].aadObjectId;
      env.emulator.slowDown({
        api: 'graph',
        path: new RegExp(`^/v1\\.0/users/${me}/(getMemberGroups|transitiveMemberOf)`),
        delayMs: 2_500,
      });
      const res = await bot.send(
        cardAction({ serviceUrl, from: AS[who] }, 'alert.assignToMe', {
          alertId: raw.id,
          version: raw.lastUpdateDateTime,
        }),
      );
      assert.equal(res.status, 200);
      const body = JSON.stringify(res.body);
      assert.notEqual(res.body.type, CARD, body.slice(0, 300));
      for (const secret of [raw.title, raw.assignedTo, raw.id].filter(Boolean))
        assert.ok(!body.includes(secret), `the answer reveals ${secret}`);
      // The work itself carries on and is refused: nothing is written to Graph.
      await new Promise((r) => setTimeout(r, 3_000));
      assert.equal(env.emulator.calls('graph', 'PATCH').length, 0);
      assert.equal(env.emulator.calls('graph', 'POST', /comments$/).length, 0);
    });
  }
});
