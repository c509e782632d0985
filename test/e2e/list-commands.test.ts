import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { BotProcess } from '../support/bot-process.js';
import { TEAM_ID, cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { AS, DLP_EMEA_CHANNEL } from '../support/personas.js';
import { dlpAlertsOf, readTenantFile, subjectIdOf } from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/** `my alerts` and `audit <alertId>` over HTTP, as Teams would send them. */
describe('black box: my alerts and audit commands', function () {
  this.timeout(120_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let alerts: { id: string; status: string; lastUpdateDateTime: string; title: string; assignedTo?: string | null }[];

  const tenantFile = () => path.join(dataDir, 'local-tenant.json');
  const lastReply = () => connector.posted.at(-1)!;

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-lists-'));
    alerts = dlpAlertsOf(await readTenantFile(dataDir)) as typeof alerts;
    await bot.send(installInTeam({ serviceUrl }));
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= alerts.length, 60_000);
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('my alerts lists exactly the open alerts assigned to the caller, with Open buttons', async () => {
    const samUpn = 'sam.analyst@contoso.example';
    const seededForSam = alerts.filter((a) => a.status !== 'resolved' && a.assignedTo === samUpn);
    const open = alerts.filter((a) => a.status !== 'resolved' && !a.assignedTo).slice(0, 2);
    for (const a of open) {
      const res = await bot.send(
        cardAction({ serviceUrl, from: AS.sam }, 'alert.assignToMe', { alertId: a.id, version: a.lastUpdateDateTime }),
      );
      assert.equal(
        res.body.type,
        'application/vnd.microsoft.card.adaptive',
        JSON.stringify(res.body.value).slice(0, 200),
      );
    }
    const before = connector.posted.length;
    await bot.send(mentionMessage({ serviceUrl, from: AS.sam }, 'my alerts'));
    await connector.waitFor((c) => c.posted.length > before);
    const card = lastReply().body.attachments[0].content;
    assert.deepEqual(validateAdaptiveCard(card), []);
    const opened =
      JSON.stringify(card)
        .match(/"alertId":"([^"]+)"/g)
        ?.map((m) => m.slice(11, -1)) ?? [];
    const expected = [...open, ...seededForSam].map((a) => a.id);
    assert.deepEqual(new Set(opened), new Set(expected));
    assert.match(JSON.stringify(card), new RegExp(`Your open alerts \\(${expected.length}\\)`));

    await bot.send(mentionMessage({ serviceUrl, from: AS.vic }, 'my alerts'));
    await connector.waitFor((c) => c.posted.length > before + 1);
    assert.match(JSON.stringify(lastReply().body.attachments[0].content), /No open alerts are assigned to you/);
  });

  it('audit <alertId> shows the alert’s entries to those who may see it, and nothing to others', async () => {
    const alert = alerts.find((a) => a.status !== 'resolved')!;
    let count = connector.posted.length;
    await bot.send(mentionMessage({ serviceUrl, from: AS.sam }, `audit ${alert.id}`));
    await connector.waitFor((c) => c.posted.length > count);
    assert.match(lastReply().body.text, new RegExp(`Audit trail of ${alert.id}`));
    assert.match(lastReply().body.text, /Sam Analyst · alert\.assign · success/);

    count = connector.posted.length;
    await bot.send(mentionMessage({ serviceUrl, from: AS.olu }, `audit ${alert.id}`));
    await connector.waitFor((c) => c.posted.length > count);
    assert.equal(lastReply().body.text, 'This alert does not exist (any more), or you cannot see it.');
  });

  it('in a channel bound to an administrative unit, neither command reveals alerts outside it', async () => {
    const tenant = await readTenantFile(dataDir);
    const emea = new Set<string>(tenant.directory.administrativeUnits.find((u) => u.displayName === 'EMEA')!.members);
    const emeaChannel = { serviceUrl, channelId: DLP_EMEA_CHANNEL };
    let count = connector.posted.length;
    await bot.send(mentionMessage({ ...emeaChannel, from: AS.avery }, 'triage here au=EMEA'));
    await connector.waitFor((c) => c.posted.length > count);
    assert.match(lastReply().body.text, /Only alerts of AU EMEA/);

    const current = JSON.parse(await fs.readFile(tenantFile(), 'utf8')).alerts as any[];
    const mine = current.filter((a) => a.assignedTo === 'sam.analyst@contoso.example' && a.status !== 'resolved');
    const inside = mine.filter((a) => emea.has(subjectIdOf(a)!)).map((a) => a.id);
    const outside = mine.filter((a) => !emea.has(subjectIdOf(a)!));
    assert.ok(outside.length > 0, 'Sam has open alerts outside EMEA');

    count = connector.posted.length;
    await bot.send(mentionMessage({ ...emeaChannel, from: AS.sam }, 'my alerts'));
    await connector.waitFor((c) => c.posted.length > count);
    const json = JSON.stringify(lastReply().body.attachments[0].content);
    for (const a of outside)
      assert.ok(!json.includes(a.id), `${a.id} (outside EMEA) is not listed in the EMEA channel`);
    for (const id of inside) assert.ok(json.includes(id), `${id} (EMEA) is listed`);
    assert.match(json, new RegExp(`${outside.length} more outside this channel's scope`));

    count = connector.posted.length;
    await bot.send(mentionMessage({ ...emeaChannel, from: AS.sam }, `audit ${outside[0].id}`));
    await connector.waitFor((c) => c.posted.length > count);
    assert.match(lastReply().body.text, /This channel only shows alerts of AU EMEA/);
    assert.doesNotMatch(lastReply().body.text, /Audit trail/);
  });
});
