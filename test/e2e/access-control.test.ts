import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector, type RecordedCall } from '../support/fake-teams-connector.js';
import { AS, DLP_EMEA_CHANNEL, NO_AAD_ID, type TeamsFrom } from '../support/personas.js';
import { executeActions } from '../support/card-tree.js';
import { readJsonLines } from '../support/files.js';
import { cardsOf } from '../support/recorded-calls.js';
import {
  dlpAlertsOf,
  rawAlertsIn,
  readTenantFile,
  subjectIdOf,
  subjectOf,
  unitsOf,
  type RawAlert,
  type TenantFile,
} from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: the real server process over HTTP, a fake Bot Connector, the demo access policy the server
 * writes into a fresh DATA_DIR. Everything the test knows about the tenant it reads from the files there.
 */

const alertIdOfThread = (call: RecordedCall) => executeActions(cardsOf(call)[0])[0]?.data.alertId;

describe('black box: access control over HTTP (roles, AU scopes, identity, audit, policy reload)', function () {
  this.timeout(120_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let tenant: TenantFile;
  const regionOf = (raw: RawAlert) => unitsOf(tenant, subjectIdOf(raw));
  const alertIn = (region: string | null, skip = 0): RawAlert => {
    const found = rawAlertsIn(tenant, region)[skip];
    assert.ok(found, `the seed has alert #${skip} of a subject in ${region ?? 'no AU'}`);
    return found;
  };
  const userOf = (raw: RawAlert) => subjectOf(tenant, raw)!;

  /** Clicks a card button as `from`; returns the invoke answer (type and value). */
  async function click(
    from: TeamsFrom,
    verb: string,
    data: unknown,
    channelId?: string,
  ): Promise<{ type: string; value: any }> {
    const res = await bot.send(cardAction({ serviceUrl, from, channelId }, verb, data));
    assert.equal(res.status, 200, `HTTP status of ${verb}`);
    assert.equal(res.body?.statusCode, 200, `invoke statusCode of ${verb}`);
    return { type: res.body.type, value: res.body.value };
  }
  const CARD = 'application/vnd.microsoft.card.adaptive';
  const MESSAGE = 'application/vnd.microsoft.activity.message';

  /** Says `text` to the bot (with a mention) in a channel; returns the texts of the bot's in-turn replies. */
  async function say(from: TeamsFrom, text: string, channelId = TEAM_ID): Promise<string[]> {
    const activity = mentionMessage({ serviceUrl, from, channelId }, text);
    const res = await bot.send(activity);
    assert.equal(res.status, 200);
    const replies = connector.posted.filter((c) => c.replyToId === activity.id);
    assert.ok(replies.length > 0, `the bot answered "${text}"`);
    return replies.map((c) => String(c.body?.text ?? JSON.stringify(c.body?.attachments ?? '')));
  }

  const auditEntries = () => readJsonLines(path.join(dataDir, 'audit.jsonl'));

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-access-e2e-'));
    tenant = await readTenantFile(dataDir);
    const res = await bot.send(installInTeam({ serviceUrl, from: AS.avery }));
    assert.equal(res.status, 200);
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= dlpAlertsOf(tenant).length, 90_000);
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  // Mocha runs a suite's own tests before its sub-suites: every test here sits in a describe so they run in file order.
  describe('start', () => {
    it('wrote the demo access policy into DATA_DIR on first start', async () => {
      const policy = JSON.parse(await fs.readFile(path.join(dataDir, 'access-policy.json'), 'utf8'));
      assert.ok(policy.grants.length >= 6);
      assert.ok(!JSON.stringify(policy).includes(AS.olu.aadObjectId), 'Olu has no grant');
    });
  });

  describe('card views follow the clicking user’s permissions', () => {
    it('alert.refresh by Vic (viewer): only the read-only verbs (History, Refresh) anywhere in the card', async () => {
      const alert = alertIn('EMEA');
      const { type, value } = await click(AS.vic, 'alert.refresh', { alertId: alert.id });
      assert.equal(type, CARD);
      const verbs = executeActions(value).map((a) => a.verb);
      assert.ok(verbs.length > 0, 'the card can still be refreshed');
      // Show incident is read-only too (the incident card shows what the clicker may see).
      assert.deepEqual([...new Set(verbs)].sort(), ['alert.history', 'alert.refresh', 'incident.show']);
      assert.ok(executeActions(value).every((a) => a.data.alertId === alert.id));
      assert.doesNotMatch(JSON.stringify(value), /alert\.details|alert\.classify|alert\.assign|alert\.remediate/);
    });

    it('alert.refresh by Avery (admin, responder, content viewer): the card offers alert.details', async () => {
      const { type, value } = await click(AS.avery, 'alert.refresh', { alertId: alertIn('APAC').id });
      assert.equal(type, CARD);
      const verbs = new Set(executeActions(value).map((a) => a.verb));
      assert.ok(verbs.has('alert.details'), `verbs: ${[...verbs].join(', ')}`);
      assert.ok(verbs.has('alert.refresh'));
    });

    it('alert.details by Emma (analyst, EMEA) on an EMEA alert: the full card with subject and sensitive info types', async () => {
      const alert = alertIn('EMEA');
      const user = userOf(alert);
      const { type, value } = await click(AS.emma, 'alert.details', { alertId: alert.id });
      assert.equal(type, CARD);
      const text = JSON.stringify(value);
      assert.ok(text.includes(user.displayName), 'subject display name');
      assert.ok(text.includes(user.userPrincipalName), 'subject UPN');
      assert.match(text, /Sensitive info/);
      const sit = alert.additionalData.sensitiveInformationTypes[0].name as string;
      assert.ok(text.includes(sit), `information type ${sit}`);
    });

    it('alert.details by Emma on an APAC alert: exactly the answer for an alert that does not exist', async () => {
      const apac = alertIn('APAC');
      const missing = await click(AS.emma, 'alert.details', { alertId: 'dl00000000-dead-4000-8000-000000000000' });
      const hidden = await click(AS.emma, 'alert.details', { alertId: apac.id });
      assert.equal(missing.type, MESSAGE);
      assert.match(missing.value, /does not exist/);
      assert.deepEqual(hidden, missing);
      const hiddenRefresh = await click(AS.emma, 'alert.refresh', { alertId: alertIn(null).id });
      assert.deepEqual(
        hiddenRefresh,
        await click(AS.emma, 'alert.refresh', { alertId: 'dl00000000-dead-4000-8000-000000000000' }),
        'subject in no AU: hidden too',
      );
    });

    it('alert.details by Vic (viewer): a message naming the analyst role, without alert data', async () => {
      const alert = alertIn('EMEA');
      const { type, value } = await click(AS.vic, 'alert.details', { alertId: alert.id });
      assert.equal(type, MESSAGE);
      assert.match(value, /analyst/);
      assert.ok(!value.includes(alert.title));
      assert.ok(!value.includes(userOf(alert).displayName) && !value.includes(userOf(alert).userPrincipalName));
    });
  });

  describe('identity comes from the activity only', () => {
    const claims = {
      from: AS.avery,
      aadObjectId: AS.avery.aadObjectId,
      actor: { id: AS.avery.aadObjectId, name: AS.avery.name },
      userId: AS.avery.aadObjectId,
      user: AS.avery.aadObjectId,
    };

    it('Olu clicking with data that claims to be Avery is still Olu: not found', async () => {
      const alert = alertIn('EMEA');
      const missing = await click(AS.olu, 'alert.refresh', { alertId: 'dl00000000-dead-4000-8000-000000000000' });
      assert.deepEqual(await click(AS.olu, 'alert.refresh', { alertId: alert.id, ...claims }), missing);
      assert.deepEqual(await click(AS.olu, 'alert.details', { alertId: alert.id, ...claims }), missing);
    });

    it('Vic clicking details with data that claims to be Avery is still Vic: needs the analyst role', async () => {
      const { type, value } = await click(AS.vic, 'alert.details', { alertId: alertIn('APAC').id, ...claims });
      assert.equal(type, MESSAGE);
      assert.match(value, /analyst/);
    });

    it('an activity without from.aadObjectId is refused with a readable message (invoke and text)', async () => {
      const { type, value } = await click(NO_AAD_ID, 'alert.refresh', {
        alertId: alertIn('EMEA').id,
        aadObjectId: AS.avery.aadObjectId,
      });
      assert.equal(type, MESSAGE);
      assert.match(value, /did not say who you are/);
      const [reply] = await say(NO_AAD_ID, 'whoami');
      assert.match(reply!, /did not say who you are/);
    });
  });

  describe('whoami', () => {
    it('Emma: analyst, AU EMEA', async () => {
      const text = (await say(AS.emma, 'whoami')).join('\n');
      assert.match(text, /analyst/);
      assert.match(text, /AU EMEA/);
      assert.doesNotMatch(text, /unrestricted/);
    });

    it('Rui: responder, unrestricted, through the SOC Tier 2 group', async () => {
      const text = (await say(AS.rui, 'whoami')).join('\n');
      assert.match(text, /responder/);
      assert.match(text, /unrestricted/);
      assert.match(text, /SOC Tier 2/);
    });

    it('Olu: no grants', async () => {
      const text = (await say(AS.olu, 'whoami')).join('\n');
      assert.match(text, /no grants/);
    });
  });

  describe('channels and routes', () => {
    it('triage here au=EMEA by Emma is refused: it needs the admin role', async () => {
      const [reply] = await say(AS.emma, 'triage here au=EMEA', DLP_EMEA_CHANNEL);
      assert.match(reply!, /admin role/);
      const health = await (await fetch(`${bot.url}/healthz`)).json();
      assert.equal(health.triageChannels, 1, 'no channel was registered');
    });

    it('triage here au=EMEA by Avery in the DLP EMEA channel succeeds', async () => {
      const [reply] = await say(AS.avery, 'triage here au=EMEA', DLP_EMEA_CHANNEL);
      assert.match(reply!, /triage channel/);
      assert.match(reply!, /AU EMEA/);
      const health = await (await fetch(`${bot.url}/healthz`)).json();
      assert.equal(health.triageChannels, 2);
    });

    it('route add severity>=low by Avery there; route list by Vic is refused, by Avery shows the rule', async () => {
      const [added] = await say(AS.avery, 'route add severity>=low', DLP_EMEA_CHANNEL);
      assert.match(added!, /Added rule 1/);
      const [refused] = await say(AS.vic, 'route list');
      assert.match(refused!, /admin role/);
      assert.doesNotMatch(refused!, /severity>=low/);
      const [list] = await say(AS.avery, 'route list');
      // Rule text and channel names are data: markdown-escaped (they read the same in Teams).
      assert.match(list!, /1\. severity\\>=low → .*\\\[AU EMEA\\\]/);
    });

    it('new alerts go to the EMEA channel only when their subject is in EMEA; APAC and no-AU ones go to General', async () => {
      const file = path.join(dataDir, 'local-tenant.json');
      const data: TenantFile = JSON.parse(await fs.readFile(file, 'utf8'));
      const sources = {
        emea: [alertIn('EMEA', 0), alertIn('EMEA', 1)],
        apac: [alertIn('APAC', 0), alertIn('APAC', 1)],
        none: [alertIn(null, 0)],
      };
      assert.notEqual(subjectIdOf(sources.emea[0]!), undefined);
      let n = 0;
      const copy = (raw: RawAlert) => {
        const c = structuredClone(raw);
        n++;
        const guid = `e0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
        Object.assign(c, {
          id: `dl${guid}`,
          providerAlertId: guid,
          severity: 'high',
          status: 'new',
          lastUpdateDateTime: new Date().toISOString(),
        });
        return c;
      };
      const added = { emea: sources.emea.map(copy), apac: sources.apac.map(copy), none: sources.none.map(copy) };
      data.alerts.push(...added.emea, ...added.apac, ...added.none);
      await fs.writeFile(file, JSON.stringify(data, null, 2));

      const all = [...added.emea, ...added.apac, ...added.none].map((a) => a.id);
      const threadOf = (id: string) =>
        connector.posted.find((c) => c.body?.channelData?.channel?.id && alertIdOfThread(c) === id);
      await connector.waitFor(() => all.every((id) => threadOf(id)), 30_000);
      for (const a of added.emea)
        assert.equal(threadOf(a.id)!.body.channelData.channel.id, DLP_EMEA_CHANNEL, `${a.id} (EMEA subject)`);
      for (const a of [...added.apac, ...added.none])
        assert.equal(
          threadOf(a.id)!.body.channelData.channel.id,
          TEAM_ID,
          `${a.id} (${regionOf(a).join() || 'no AU'} subject)`,
        );
      const inEmea = connector.threadsIn(DLP_EMEA_CHANNEL).map(alertIdOfThread);
      assert.deepEqual(
        inEmea.sort(),
        added.emea.map((a) => a.id).sort(),
        'nothing else was posted in the EMEA channel',
      );
    });
  });

  describe('after all of the above', () => {
    it('no card posted to Teams carries a subject’s UPN or name or a sensitive information type name', async () => {
      const current = await readTenantFile(dataDir);
      const subjects = new Set(current.alerts.map(subjectIdOf).filter((id): id is string => !!id));
      const needles = new Set<string>();
      for (const u of current.directory.users.filter((x) => subjects.has(x.id))) {
        needles.add(u.userPrincipalName);
        needles.add(u.displayName);
      }
      for (const a of current.alerts)
        for (const t of a.additionalData?.sensitiveInformationTypes ?? []) needles.add(t.name);
      assert.ok(needles.size > 30, `enough identities and type names to look for (${needles.size})`);

      const posted = connector.calls.filter(
        (c) => (c.method === 'POST' || c.method === 'PUT') && c.status >= 200 && c.status < 300,
      );
      const cards = posted.flatMap(cardsOf);
      const posts = dlpAlertsOf(current).length; // only DLP alerts become cards
      assert.ok(cards.length >= posts, `every alert's card was checked (${cards.length} cards for ${posts} alerts)`);
      for (const card of cards) {
        const text = JSON.stringify(card);
        for (const needle of needles) assert.ok(!text.includes(needle), `a card posted to Teams contains "${needle}"`);
      }
    });

    it('audit.jsonl records the refusals (denied) and the channel changes (success)', async () => {
      const entries = await auditEntries();
      const denied = entries.filter((e) => e.outcome === 'denied');
      const has = (actor: TeamsFrom, action: string, outcome: string) =>
        entries.some((e) => e.actor?.id === actor.aadObjectId && e.action === action && e.outcome === outcome);
      assert.ok(has(AS.vic, 'alert.details', 'denied'), 'Vic details');
      assert.ok(has(AS.emma, 'alert.details', 'denied'), 'Emma details on APAC');
      assert.ok(has(AS.olu, 'alert.refresh', 'denied') || has(AS.olu, 'alert.view', 'denied'), 'Olu refresh');
      assert.ok(has(AS.emma, 'channel.manage', 'denied'), 'Emma triage here');
      assert.ok(has(AS.vic, 'channel.manage', 'denied'), 'Vic route list');
      assert.ok(has(AS.avery, 'channel.register', 'success'), 'Avery triage here');
      assert.ok(has(AS.avery, 'route.add', 'success'), 'Avery route add');
      for (const e of denied) {
        assert.equal(typeof e.reason, 'string', 'a denial says why');
        assert.ok(!Number.isNaN(Date.parse(e.at)));
      }
      const apacDetails = denied.find((e) => e.actor.id === AS.emma.aadObjectId && e.action === 'alert.details');
      assert.equal(apacDetails.alertId, alertIn('APAC').id);
      const register = entries.find((e) => e.action === 'channel.register' && e.outcome === 'success');
      assert.equal(register.details.channelId, DLP_EMEA_CHANNEL);
      assert.deepEqual(register.details.administrativeUnits, ['EMEA']);
      // The spoofing attempt was recorded against Olu, never against Avery.
      assert.ok(!entries.some((e) => e.actor?.id === AS.avery.aadObjectId && e.outcome === 'denied'));
    });

    it('an edit of access-policy.json (Olu becomes a viewer) takes effect without a restart', async () => {
      const alert = alertIn('APAC');
      const before = await click(AS.olu, 'alert.refresh', { alertId: alert.id });
      assert.equal(before.type, MESSAGE, 'Olu cannot see it yet');
      const file = path.join(dataDir, 'access-policy.json');
      const policy = JSON.parse(await fs.readFile(file, 'utf8'));
      policy.grants.push({ name: 'Olu Outsider', user: AS.olu.aadObjectId, roles: ['viewer'], scope: 'unrestricted' });
      await fs.writeFile(file, JSON.stringify(policy, null, 2));

      const deadline = Date.now() + 5_000;
      let answer = before;
      while (answer.type !== CARD && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        answer = await click(AS.olu, 'alert.refresh', { alertId: alert.id });
      }
      assert.equal(
        answer.type,
        CARD,
        `Olu sees the alert within 5 s (last answer: ${JSON.stringify(answer.value).slice(0, 200)})`,
      );
      assert.deepEqual(
        [...new Set(executeActions(answer.value).map((a) => a.verb))].sort(),
        ['alert.history', 'alert.refresh', 'incident.show'],
        'as a viewer',
      );
      const text = (await say(AS.olu, 'whoami')).join('\n');
      assert.match(text, /viewer/);
    });

    it('a broken edit of access-policy.json is rejected and the last good policy stays in force', async () => {
      const file = path.join(dataDir, 'access-policy.json');
      const good = await fs.readFile(file, 'utf8');
      const rejections = () => bot.logs.filter((l) => /access policy edit rejected/.test(String(l.msg))).length;
      const before = rejections();
      await fs.writeFile(file, good.replace('"viewer"', '"superuser"'));
      const deadline = Date.now() + 5_000;
      while (rejections() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(rejections() > before, 'the server saw the edit and rejected it');
      const rejected = bot.logs.filter((l) => /access policy edit rejected/.test(String(l.msg))).at(-1)!;
      assert.match(String(rejected.problem), /grants\[\d+\]\.roles\[0\]/);
      const answer = await click(AS.olu, 'alert.refresh', { alertId: alertIn('APAC').id });
      assert.equal(answer.type, CARD, 'Olu is still a viewer');
      assert.equal((await click(AS.vic, 'alert.refresh', { alertId: alertIn('APAC').id })).type, CARD, 'Vic too');
    });
  });
});
