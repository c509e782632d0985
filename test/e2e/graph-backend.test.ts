import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildLocalAccessPolicy } from '../../src/backends/local/local-access-policy.js';
import { nextTimestamp } from '../../src/backends/local/next-timestamp.js';
import { TEAM_ID, cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { BotProcess, runToExit } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { startGraphTestEnv, type GraphTestEnv } from '../support/graph-test-env.js';
import { AS } from '../support/personas.js';
import { alertIdIn, cardOf } from '../support/recorded-calls.js';
import { dlpAlertsOf } from '../support/seed-tenant.js';

type Json = any;
// Chat text is markdown: the `_` comes escaped, and reads as `_`.
const ALERT_ID_HELP =
  'That is not an alert id: alert ids are letters, digits, - and \\_ (e.g. dl4f7c2a9e-3b1d-…). Copy it from the alert’s card or the Defender portal.';

/**
 * The real server with ALERT_BACKEND=graph against the HTTPS emulator: start-up checks, the poller
 * following nextLinks, cards posted through the fake Teams connector, a click that writes to Graph, and
 * a change made "in the portal" updating the same card.
 */
describe('black box: ALERT_BACKEND=graph against the Graph emulator (real server over HTTP)', function () {
  this.timeout(120_000);
  let env: GraphTestEnv;
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let bot: BotProcess;
  let botEnv: Record<string, string>;
  const ids = () => dlpAlertsOf(env.tenant).map((a) => String(a.id));

  before(async () => {
    env = await startGraphTestEnv({ host: false, emulator: { pageSize: 10 } });
    connector = new FakeTeamsConnector();
    serviceUrl = await connector.start();
    const policy = path.join(env.dir, 'access-policy.json');
    await fs.writeFile(policy, JSON.stringify(buildLocalAccessPolicy(), null, 2));
    await fs.mkdir(path.join(env.dir, 'data'));
    botEnv = { ...env.emulator.env(), DATA_DIR: path.join(env.dir, 'data'), ACCESS_POLICY_FILE: policy };
    bot = new BotProcess(botEnv);
    await bot.start();
  });

  after(async () => {
    await bot?.stop();
    await connector?.stop();
    await env?.close();
  });

  it('starts after checking its token and permissions, and says which backend it uses', async () => {
    assert.ok(
      bot.logs.some((l) => l.msg === 'Microsoft Graph start-up checks passed' && l.credential === 'clientSecret'),
    );
    const health = await (await fetch(`${bot.url}/healthz`)).json();
    assert.equal(health.backend, 'graph');
    assert.ok(env.emulator.calls('login', 'POST').length >= 1, '@azure/identity got its token from the emulator');
  });

  it('polls every DLP alert through the pages (Prefer header on each) and posts one card per alert once installed', async () => {
    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= ids().length, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const posted = connector.threadsIn(TEAM_ID).map((c) => alertIdIn(cardOf(c)));
    assert.deepEqual([...posted].sort(), [...ids()].sort(), 'exactly one thread per alert');
    const polls = env.emulator.calls('graph', 'GET', /^\/v1\.0\/security\/alerts_v2$/);
    assert.ok(
      polls.some((p) => p.query.$skip === '30'),
      'followed the nextLinks',
    );
    assert.ok(
      polls.every(
        (p) =>
          p.headers.prefer === 'include-unknown-enum-members' &&
          /serviceSource eq 'dataLossPrevention'/.test(p.query.$filter ?? ''),
      ),
    );
  });

  it('a classify click writes only the writable fields to Graph, comments on whose behalf, and updates the card', async () => {
    const raw = env.emulator.alerts.find((a) => a.status === 'new') as Json;
    const res = await bot.send(
      cardAction({ serviceUrl, from: AS.sam }, 'alert.classify', {
        alertId: raw.id,
        version: raw.lastUpdateDateTime,
        classification: 'falsePositive',
        determination: 'notMalicious',
        comment: 'Test data on a sandbox site.',
        resolve: 'false',
      }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(res.body));
    const patch = env.emulator.calls('graph', 'PATCH').find((c) => c.path.endsWith(raw.id))!;
    assert.deepEqual(patch.body, { classification: 'falsePositive', determination: 'notMalicious' });
    const comment = env.emulator.calls('graph', 'POST', /comments$/).find((c) => c.path.includes(raw.id))!;
    assert.match((comment.body as Json).comment, /^Sam Analyst \(via Teams\): classified the alert as false positive/);
    const thread = connector.threadsIn(TEAM_ID).find((c) => alertIdIn(cardOf(c)) === raw.id)!;
    await connector.waitFor(
      (c) =>
        c.updated.some((u) => u.activityId === thread.activityId && /False positive/.test(JSON.stringify(cardOf(u)))),
      15_000,
    );
  });

  it('a change made in the portal reaches the same card through the next poll', async () => {
    const raw = env.emulator.alerts.find((a) => a.status === 'new' && a.classification === 'unknown') as Json;
    raw.status = 'inProgress';
    raw.assignedTo = 'rui.responder@contoso.example';
    raw.lastUpdateDateTime = nextTimestamp(raw.lastUpdateDateTime, new Date());
    const thread = connector.threadsIn(TEAM_ID).find((c) => alertIdIn(cardOf(c)) === raw.id)!;
    await connector.waitFor(
      (c) =>
        c.updated.some(
          (u) => u.activityId === thread.activityId && /rui\.responder|Rui/.test(JSON.stringify(cardOf(u))),
        ),
      15_000,
    );
    assert.equal(connector.threadsIn(TEAM_ID).length, ids().length, 'no new thread for a changed alert');
  });

  it('remediation from the card: the plan is read from Graph live, the confirm disables the account in Graph', async () => {
    const raw = env.emulator.alerts.find((a) => a.status !== 'resolved') as Json;
    const userId = raw.evidence.find((e: Json) => e['@odata.type'].endsWith('userEvidence')).userAccount.azureAdUserId;
    const plan = await bot.send(
      cardAction({ serviceUrl, from: AS.rui }, 'alert.remediate', {
        alertId: raw.id,
        version: raw.lastUpdateDateTime,
        action: 'disableUser',
      }),
    );
    assert.equal(plan.body.type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(plan.body));
    assert.ok(
      env.emulator.calls('graph', 'GET').some((c) => c.path === `/v1.0/users/${userId}`),
      'the account was read live',
    );
    const confirm = JSON.stringify(plan.body.value).match(
      /"verb":"alert\.remediate\.confirm"[^}]*?"data":(\{[^}]*\})/,
    )?.[1];
    assert.ok(confirm, 'a Confirm button');
    const done = await bot.send(
      cardAction({ serviceUrl, from: AS.rui }, 'alert.remediate.confirm', JSON.parse(confirm)),
    );
    assert.equal(done.status, 200);
    assert.deepEqual(
      env.emulator
        .calls('graph', 'PATCH')
        .filter((c) => c.path === `/v1.0/users/${userId}`)
        .map((c) => c.body),
      [{ accountEnabled: false }],
    );
    assert.equal(env.emulator.users.get(userId)?.accountEnabled, false);
  });

  it('ids that are dot segments ("." and "..") get a clear answer at the edge and never reach Graph in any form', async () => {
    const raw = env.emulator.alerts.find((a) => a.status !== 'resolved') as Json;
    const thread = connector.threadsIn(TEAM_ID).find((c) => alertIdIn(cardOf(c)) === raw.id)!;
    const from = env.emulator.requests.length;
    const clicks: [string, Json, RegExp][] = [
      [
        'alert.refresh',
        { alertId: '..' },
        /^The card sent data DLP Triage cannot use \(alertId: that is not an alert id\)\. Refresh the card and try again\.$/,
      ],
      [
        'alert.assign',
        { alertId: '.', version: raw.lastUpdateDateTime, assignee: AS.rui.aadObjectId },
        /cannot use \(alertId: that is not an alert id\)/,
      ],
      [
        'alert.assign',
        { alertId: raw.id, version: raw.lastUpdateDateTime, assignee: '..' },
        /cannot use \(assignee: choose a person from the list, or enter a user principal name such as sam@contoso\.com\)/,
      ],
      [
        'alert.comment',
        { alertId: '..', version: raw.lastUpdateDateTime, comment: 'hello' },
        /cannot use \(alertId: that is not an alert id\)/,
      ],
      [
        'alert.remediate',
        { alertId: '..', version: raw.lastUpdateDateTime, action: 'disableUser' },
        /cannot use \(alertId: that is not an alert id\)/,
      ],
    ];
    for (const [verb, data, pattern] of clicks) {
      const res = await bot.send(cardAction({ serviceUrl, from: AS.sam }, verb, data));
      assert.equal(
        res.body.type,
        'application/vnd.microsoft.activity.message',
        `${verb}: ${JSON.stringify(res.body).slice(0, 200)}`,
      );
      assert.match(res.body.value, pattern);
    }
    const forged = await bot.send(
      cardAction({ serviceUrl, from: { id: '29:someone', name: 'Someone', aadObjectId: '..' } }, 'alert.refresh', {
        alertId: raw.id,
      }),
    );
    assert.equal(
      forged.body.value,
      'Teams did not say who you are (no Entra object id on the request), so nothing was changed.',
    );
    const said = async (activity: Json) => {
      await bot.send(activity);
      await connector.waitFor((c) => c.posted.some((p) => p.replyToId === activity.id), 10_000);
      return connector.posted
        .filter((p) => p.replyToId === activity.id)
        .map((p) => [p.body?.text, p.body?.attachments?.length ?? 0]);
    };
    for (const command of ['alert ..', 'audit ..', 'alert .']) {
      assert.deepEqual(
        await said(mentionMessage({ serviceUrl, from: AS.sam }, command)),
        [[ALERT_ID_HELP, 0]],
        command,
      );
    }
    const inThread = {
      ...mentionMessage({ serviceUrl, from: AS.emma, conversationId: thread.conversationId }, ''),
      text: 'assign ..',
      entities: [],
    };
    assert.deepEqual(await said(inThread), [
      ['That is not a person I can assign: write "assign @person" or "assign name@contoso.com".', 0],
    ]);
    const during = env.emulator.requests.slice(from);
    assert.deepEqual(
      during.filter((r) => r.refused).map((r) => `${r.method} ${r.rawPath} (${r.refused})`),
      [],
      'no request for a collection, its parent or a dot segment',
    );
    assert.ok(
      !during.some((r) => r.api === 'graph' && /^\/v1\.0\/users\/?$|^\/v1\.0\/?$|^\/v1\.0\/security\/?$/.test(r.path)),
    );
  });

  it('start-up stops with the missing permission named when Graph answers 403', async () => {
    env.emulator.roles.delete('SecurityAlert.ReadWrite.All');
    try {
      const { code, stderr } = await runToExit({ ...botEnv, DATA_DIR: path.join(env.dir, 'data-403') });
      assert.equal(code, 1);
      assert.match(
        stderr,
        /Start-up failed: Microsoft Graph start-up check failed: DLP Triage is not allowed to read DLP alerts/,
      );
      assert.match(stderr, /SecurityAlert\.Read\.All/);
      assert.doesNotMatch(stderr, new RegExp(botEnv.AZURE_CLIENT_SECRET!));
    } finally {
      env.emulator.roles.add('SecurityAlert.ReadWrite.All');
    }
  });
});
