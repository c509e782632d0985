import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildLocalAccessPolicy } from '../../src/backends/local/local-access-policy.js';
import { TEAM_ID, cardAction, installInTeam } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { textsOf } from '../support/card-tree.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { startGraphTestEnv, type GraphTestEnv } from '../support/graph-test-env.js';
import { AS } from '../support/personas.js';
import { alertIdIn, cardOf } from '../support/recorded-calls.js';
import { dlpAlertsOf } from '../support/seed-tenant.js';

type Json = any;
const INCIDENT = '48031';

/**
 * The incident path with ALERT_BACKEND=graph against the HTTPS emulator: the cards' incident section read
 * from `security/incidents` (with the Prefer header), a tag added from Teams written as Graph documents it
 * (PATCH customTags, the whole list; an alertComment), and every card of the incident updated.
 */
describe('black box: incidents with ALERT_BACKEND=graph (real server over HTTP, Graph emulator)', function () {
  this.timeout(120_000);
  let env: GraphTestEnv;
  let connector: FakeTeamsConnector;
  let bot: BotProcess;

  before(async () => {
    env = await startGraphTestEnv({ host: false });
    connector = new FakeTeamsConnector();
    const serviceUrl = await connector.start();
    const policy = path.join(env.dir, 'access-policy.json');
    await fs.writeFile(policy, JSON.stringify(buildLocalAccessPolicy(), null, 2));
    await fs.mkdir(path.join(env.dir, 'data'));
    bot = new BotProcess({ ...env.emulator.env(), DATA_DIR: path.join(env.dir, 'data'), ACCESS_POLICY_FILE: policy });
    await bot.start();
    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
    const ids = dlpAlertsOf(env.tenant).map((a) => String(a.id));
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= ids.length, 60_000);
  });

  after(async () => {
    await bot?.stop();
    await connector?.stop();
    await env?.close();
  });

  it('a tag added from Teams is a PATCH of the whole customTags list and an alertComment; every card shows it', async () => {
    const members = dlpAlertsOf(env.tenant).filter((a) => a.incidentId === INCIDENT);
    assert.equal(members.length, 2);
    const threads = connector.threadsIn(TEAM_ID).filter((c) => members.some((a) => a.id === alertIdIn(cardOf(c))));
    assert.equal(threads.length, 2);
    for (const t of threads) assert.match(textsOf(cardOf(t)).join('\n'), /Tags: VIP/);
    const reads = env.emulator.calls('graph', 'GET', new RegExp(`^/v1\\.0/security/incidents/${INCIDENT}`));
    assert.ok(reads.length > 0 && reads.every((r) => r.headers.prefer === 'include-unknown-enum-members'));

    const incident = env.emulator.incidents.find((i: Json) => i.id === INCIDENT) as Json;
    const res = await bot.send(
      cardAction({ serviceUrl: connector.url, from: AS.sam }, 'incident.tag', {
        incidentId: INCIDENT,
        version: incident.lastUpdateDateTime,
        tag: 'Escalated',
        op: 'add',
      }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(res.body));
    const patches = env.emulator.calls('graph', 'PATCH', new RegExp(`^/v1\\.0/security/incidents/${INCIDENT}$`));
    assert.deepEqual(
      patches.map((p) => p.body),
      [{ customTags: ['VIP', 'Escalated'] }],
    );
    const comments = env.emulator.calls(
      'graph',
      'POST',
      new RegExp(`^/v1\\.0/security/incidents/${INCIDENT}/comments$`),
    );
    assert.equal(comments.length, 1);
    assert.equal((comments[0]!.body as Json)['@odata.type'], 'microsoft.graph.security.alertComment');
    assert.match((comments[0]!.body as Json).comment, /^Sam Analyst \(via Teams\): added the incident tag Escalated$/);
    await connector.waitFor(
      (c) =>
        threads.every((t) =>
          c.updated.some(
            (u) => u.activityId === t.activityId && /Tags: VIP, Escalated/.test(textsOf(cardOf(u)).join('\n')),
          ),
        ),
      30_000,
    );
  });
});
