import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { BotProcess } from '../support/bot-process.js';
import { TEAM_ID, cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { CARD_VERBS, INCIDENT_SECTION_VERB } from '../../cards/card-verbs.js';
import { executeActions } from '../support/card-tree.js';
import { cardOf } from '../support/recorded-calls.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';
import { dlpAlertsOf, readTenantFile } from '../support/seed-tenant.js';

describe('black box: install in a team, alerts posted as cards (real server over HTTP)', function () {
  this.timeout(90_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let seeded: { id: string; lastUpdateDateTime: string; status: string }[];

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-e2e-'));
    seeded = dlpAlertsOf(await readTenantFile(dataDir)) as typeof seeded;
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('answers /healthz with 200 and status ok', async () => {
    const res = await fetch(`${bot.url}/healthz`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.status, 'ok');
    assert.equal(body.backend, 'local');
  });

  it('posts nothing before it is installed in a team (alerts wait)', async () => {
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(connector.posted.length, 0);
    const health = await (await fetch(`${bot.url}/healthz`)).json();
    assert.equal(health.outbox.pending, seeded.length);
  });

  it('on install, makes General the triage channel and starts one thread per seeded alert', async () => {
    const res = await bot.send(installInTeam({ serviceUrl }));
    assert.equal(res.status, 200);
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= seeded.length, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const threads = connector.threadsIn(TEAM_ID);
    assert.equal(threads.length, seeded.length, 'exactly one thread per alert');

    const postedIds = new Set<string>();
    for (const call of threads) {
      const card = cardOf(call);
      assert.deepEqual(validateAdaptiveCard(card), [], `card of ${call.conversationId} is a valid Adaptive Card 1.5`);
      assert.equal(card.version, '1.5');
      const actions = executeActions(card);
      assert.ok(actions.length > 0, 'card has Action.Execute actions');
      for (const a of actions) {
        assert.ok([...CARD_VERBS, INCIDENT_SECTION_VERB].includes(a.verb), `verb ${a.verb} is a design verb`);
        assert.equal(typeof a.data.alertId, 'string');
        postedIds.add(a.data.alertId);
      }
      assert.equal(call.body.channelData.channel.id, TEAM_ID);
    }
    assert.deepEqual([...postedIds].sort(), seeded.map((a) => a.id).sort());
    // The welcome message went to the General channel, as an in-turn reply.
    assert.ok(connector.posted.some((c) => /DLP Triage is ready/.test(c.body?.text ?? '')));
  });

  it('updates the same message when an alert is changed in the file', async () => {
    const file = path.join(dataDir, 'local-tenant.json');
    const data = JSON.parse(await fs.readFile(file, 'utf8'));
    const target = data.alerts.find((a: any) => a.status === 'new');
    target.status = 'inProgress';
    target.assignedTo = 'sam.analyst@contoso.example';
    await fs.writeFile(file, JSON.stringify(data, null, 2));

    const thread = connector
      .threadsIn(TEAM_ID)
      .find((c) => executeActions(cardOf(c)).some((a) => a.data.alertId === target.id))!;
    await connector.waitFor((c) => c.updated.some((u) => u.activityId === thread.activityId), 15_000);
    const update = connector.updated.find((u) => u.activityId === thread.activityId)!;
    assert.equal(update.conversationId, thread.conversationId, 'update goes to the same thread');
    const text = JSON.stringify(cardOf(update));
    assert.match(text, /In progress/);
    assert.match(text, /sam\.analyst@contoso\.example|Sam/);
    assert.equal(connector.threadsIn(TEAM_ID).length, seeded.length, 'no new thread for a changed alert');
  });

  it('answers alert.refresh with the current card for the clicking user', async () => {
    const alertId = seeded[0]!.id;
    const res = await bot.send(
      cardAction({ serviceUrl }, 'alert.refresh', { alertId, version: '2000-01-01T00:00:00Z' }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.body.statusCode, 200);
    assert.equal(res.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(validateAdaptiveCard(res.body.value), []);
    assert.ok(executeActions(res.body.value).some((a) => a.data.alertId === alertId));
  });

  it('answers unknown verbs, bad data and unknown alerts with a readable message, not an error status', async () => {
    const cases: [unknown, unknown, RegExp][] = [
      ['alert.explode', { alertId: seeded[0]!.id }, /not one DLP Triage knows/],
      ['alert.refresh', {}, /alertId/],
      ['alert.refresh', { alertId: 12 }, /alertId/],
      ['alert.refresh', { alertId: 'dl-does-not-exist' }, /does not exist/],
    ];
    for (const [verb, data, pattern] of cases) {
      const res = await bot.send(cardAction({ serviceUrl }, verb, data));
      assert.equal(res.status, 200, `HTTP status for ${String(verb)}`);
      assert.equal(res.body.type, 'application/vnd.microsoft.activity.message');
      assert.match(res.body.value, pattern);
      assert.doesNotMatch(res.body.value, /at \w+ \(|Error:/, 'no stack trace');
    }
  });

  it('refuses malformed activities with 400 and keeps running', async () => {
    assert.equal((await bot.send('{not json')).status, 400);
    assert.equal((await bot.send({ hello: 'world' })).status, 400);
    // Action.Execute's verb is a string; anything else is not an activity Teams sends.
    assert.equal((await bot.send(cardAction({ serviceUrl }, 42, { alertId: seeded[0]!.id }))).status, 400);
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
  });

  const helpTexts = (card: any): string[] => (card.body as { text?: string }[]).map((b) => String(b.text));

  it('answers help, unknown text and route commands in the channel', async () => {
    const before = connector.posted.length;
    await bot.send(mentionMessage({ serviceUrl }, 'help'));
    await bot.send(mentionMessage({ serviceUrl }, 'make me a sandwich'));
    await bot.send(mentionMessage({ serviceUrl }, 'route list'));
    const replies = connector.posted.slice(before);
    assert.equal(replies.length, 3);
    const helpCard = replies[0]!.body.attachments[0].content;
    assert.deepEqual(validateAdaptiveCard(helpCard), []);
    // Card text is markdown: `<` and `>` come backslash-escaped (the renderer would drop a bare <id>).
    for (const command of ['triage here', 'route add', 'route list', 'route remove', 'alert \\<id\\>']) {
      assert.ok(
        helpTexts(helpCard).some((t) => t.includes(command)),
        `help lists ${command}`,
      );
    }
    assert.match(JSON.stringify(replies[1]!.body.attachments[0].content), /did not understand/);
    assert.match(replies[2]!.body.text, /Otherwise → Contoso SOC › General \(default\)/);
  });

  it('restarts without re-posting any alert', async () => {
    assert.equal(await bot.stop('SIGTERM'), 0, 'graceful exit code');
    const threadsBefore = connector.threadsIn(TEAM_ID).length;
    bot = new BotProcess({ DATA_DIR: dataDir });
    await bot.start();
    await new Promise((r) => setTimeout(r, 2500)); // two poll intervals
    assert.equal(connector.threadsIn(TEAM_ID).length, threadsBefore);
  });
});
