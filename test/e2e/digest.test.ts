import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, installInTeam, mentionMessage, personalActivity, personalCardAction } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { FakeTeamsConnector, type RecordedCall } from '../support/fake-teams-connector.js';
import { AS, DLP_EMEA_CHANNEL, type TeamsFrom } from '../support/personas.js';
import { executeActions, nodesOfType, textsOf } from '../support/card-tree.js';
import { readJsonLines } from '../support/files.js';
import { cardOf } from '../support/recorded-calls.js';
import { leadRows } from '../support/digest-lead-rows.js';
import { dlpAlertsOf, readTenantFile, subjectIdOf } from '../support/seed-tenant.js';
import { sleep } from '../support/sleep.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: the daily digest through the real server process over HTTP, as Teams would use it (personal
 * chat commands, @mentions in a channel, card buttons), a fake Bot Connector and a fresh DATA_DIR. The
 * expected numbers are computed here from the local backend's file, not through the code under test.
 */

const CARD = 'application/vnd.microsoft.card.adaptive';
const MIA_CHAT = 'a:personal-mia';
const OLU_CHAT = 'a:personal-olu';
const DAY = 24 * 3_600_000;
/** The bot's default SLA_HOURS_HIGH/_MEDIUM/_LOW (the black box sets none). */
const SLA_HOURS = { high: 4, medium: 24, low: 72 };

describe('black box: daily digest over HTTP', function () {
  this.timeout(180_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;

  const tenantFile = () => path.join(dataDir, 'local-tenant.json');
  const readTenant = () => readTenantFile(dataDir);
  const subscriptions = async (): Promise<Record<string, any>> => {
    const live: Record<string, any> = {};
    for (const r of await readJsonLines(path.join(dataDir, 'digest-subscriptions.jsonl'))) {
      if (r.d) delete live[r.k];
      else live[r.k] = r.v;
    }
    return live;
  };

  /** Says `text` in a 1:1 chat; returns the bot's in-turn replies. */
  async function sayPersonally(
    from: TeamsFrom,
    conversationId: string,
    text: string,
    localTimezone?: string,
  ): Promise<RecordedCall[]> {
    const activity = personalActivity(
      { serviceUrl, from, conversationId },
      {
        type: 'message',
        text,
        ...(localTimezone ? { localTimezone } : {}),
      },
    );
    const res = await bot.send(activity);
    assert.equal(res.status, 200);
    const replies = connector.posted.filter((c) => c.replyToId === activity.id);
    assert.ok(replies.length > 0, `the bot answered "${text}"`);
    return replies;
  }
  const replyText = async (from: TeamsFrom, conversationId: string, text: string, tz?: string) =>
    (await sayPersonally(from, conversationId, text, tz)).map((c) => String(c.body?.text ?? '')).join('\n');

  /** @mentions the bot in a channel; returns the in-turn replies. */
  async function sayInChannel(from: TeamsFrom, text: string, channelId = TEAM_ID): Promise<RecordedCall[]> {
    const activity = mentionMessage({ serviceUrl, from, channelId }, text);
    const res = await bot.send(activity);
    assert.equal(res.status, 200);
    return connector.posted.filter((c) => c.replyToId === activity.id);
  }

  /** Clicks a digest button in a 1:1 chat; returns the invoke answer. */
  async function click(
    from: TeamsFrom,
    conversationId: string,
    verb: string,
    data: unknown,
  ): Promise<{ type: string; value: any }> {
    const res = await bot.send(personalCardAction({ serviceUrl, from, conversationId }, verb, data));
    assert.equal(res.status, 200);
    assert.equal(res.body?.statusCode, 200);
    return { type: res.body.type, value: res.body.value };
  }

  /** What Mia (manager, AU EMEA) may see, computed from the tenant file at `nowMs`. */
  async function expectedForEmea(nowMs: number) {
    const tenant = await readTenant();
    const emea = new Set(tenant.directory.administrativeUnits.find((u) => u.displayName === 'EMEA')!.members);
    const mine = dlpAlertsOf(tenant).filter((a) => emea.has(subjectIdOf(a) ?? ''));
    const open = mine.filter((a) => a.status !== 'resolved');
    return {
      ids: new Set(mine.map((a) => String(a.id))),
      open: open.length,
      new: open.filter((a) => a.status === 'new').length,
      inProgress: open.filter((a) => a.status === 'inProgress').length,
      unassigned: open.filter((a) => !a.assignedTo).length,
      received: mine.filter((a) => nowMs - Date.parse(a.createdDateTime) < DAY).length,
      resolved: mine.filter(
        (a) => a.status === 'resolved' && a.resolvedDateTime && nowMs - Date.parse(a.resolvedDateTime) < DAY,
      ).length,
      pastSla: open.filter((a) => {
        const hours = Object.hasOwn(SLA_HOURS, a.severity)
          ? SLA_HOURS[a.severity as keyof typeof SLA_HOURS]
          : undefined;
        return hours !== undefined && nowMs - Date.parse(a.createdDateTime) > hours * 3_600_000;
      }),
      unassignedHigh: open.filter((a) => !a.assignedTo && a.severity === 'high'),
      oldest: [...open].sort((a, b) => Date.parse(a.createdDateTime) - Date.parse(b.createdDateTime))[0],
    };
  }

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-digest-e2e-'));
    const seeded = dlpAlertsOf(await readTenant()).length;
    assert.equal((await bot.send(installInTeam({ serviceUrl, from: AS.avery }))).status, 200);
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= seeded, 90_000);
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  describe('subscriptions in a personal chat', () => {
    it('"digest subscribe" defaults to 08:00 in the time zone Teams sends with the activity', async () => {
      const text = await replyText(AS.mia, MIA_CHAT, 'digest subscribe', 'Europe/Berlin');
      assert.match(
        text,
        // The next day as an English (US) reader writes it: "Tue, Mar 10".
        /^Subscribed\. Your DLP digest arrives here every day at \*\*08:00\*\* Europe\/Berlin \(next: \w{3}, \w{3} \d{1,2}\)/,
      );
      const sub = (await subscriptions())[`user:${AS.mia.aadObjectId}`];
      assert.deepEqual(
        [sub.time, sub.timeZone, sub.target],
        ['08:00', 'Europe/Berlin', { kind: 'user', userId: AS.mia.aadObjectId }],
      );
    });

    it('"digest subscribe 07:30 Europe/London" stores that subscription', async () => {
      const text = await replyText(AS.mia, MIA_CHAT, 'digest subscribe 07:30 Europe/London', 'Europe/Berlin');
      assert.match(text, /every day at \*\*07:30\*\* Europe\/London/);
      const all = await subscriptions();
      assert.equal(Object.keys(all).length, 1);
      const sub = all[`user:${AS.mia.aadObjectId}`];
      assert.deepEqual([sub.time, sub.timeZone, sub.createdBy.id], ['07:30', 'Europe/London', AS.mia.aadObjectId]);
      assert.match(
        await replyText(AS.mia, MIA_CHAT, 'digest settings'),
        /Your DLP digest: every day at \*\*07:30\*\* Europe\/London/,
      );
    });

    it('an invalid time and an unknown time zone get a clear message and change nothing', async () => {
      assert.match(
        await replyText(AS.mia, MIA_CHAT, 'digest subscribe 25:00'),
        /"25:00" is not a time of day\. Use 24-hour HH:MM/,
      );
      assert.match(
        await replyText(AS.mia, MIA_CHAT, 'digest subscribe 07:30 Mars/Olympus'),
        /"Mars\/Olympus" is not a time zone I know\. Use an IANA name like Europe\/Berlin/,
      );
      const sub = (await subscriptions())[`user:${AS.mia.aadObjectId}`];
      assert.deepEqual([sub.time, sub.timeZone], ['07:30', 'Europe/London']);
    });

    it('someone without digest.receive is refused', async () => {
      assert.match(
        await replyText(AS.olu, OLU_CHAT, 'digest subscribe'),
        /You need the manager role to receive digests\./,
      );
      assert.equal((await subscriptions())[`user:${AS.olu.aadObjectId}`], undefined);
    });
  });

  describe('digest now and its buttons', () => {
    let outOfScopeId: string;

    before(async () => {
      // A fresh, unassigned high-severity APAC alert (5 h old: past its SLA), written into the local backend.
      const tenant = await readTenant();
      const apac = new Set(tenant.directory.administrativeUnits.find((u) => u.displayName === 'APAC')!.members);
      const template = tenant.alerts.find((a) => apac.has(subjectIdOf(a) ?? ''))!;
      outOfScopeId = `dl${randomUUID()}`;
      const now = Date.now();
      tenant.alerts.push({
        ...structuredClone(template),
        id: outOfScopeId,
        title: 'DIGEST-E2E out-of-scope APAC alert',
        severity: 'high',
        status: 'new',
        classification: 'unknown',
        determination: 'unknown',
        assignedTo: null,
        comments: [],
        createdDateTime: new Date(now - 5 * 3_600_000).toISOString(),
        lastUpdateDateTime: new Date(now).toISOString(),
        resolvedDateTime: null,
      });
      await fs.writeFile(tenantFile(), JSON.stringify(tenant, null, 2));
    });

    it('posts a 1:1 card whose numbers match the backend’s alerts in Mia’s scope (AU EMEA)', async () => {
      const nowMs = Date.now();
      const replies = await sayPersonally(AS.mia, MIA_CHAT, 'digest now');
      const card = cardOf(replies[0]!);
      assert.equal(replies[0]!.conversationId, MIA_CHAT);
      assert.deepEqual(validateAdaptiveCard(card), []);
      const texts = textsOf(card, { facts: true });
      const want = await expectedForEmea(nowMs);
      assert.ok(want.open > 0 && want.received > 0, 'the seed gives Mia something to read');
      assert.ok(
        texts.some((t) => t.startsWith('AU EMEA · as of ') && t.endsWith(' Europe/London')),
        texts.join('\n'),
      );
      assert.ok(
        texts.some((t) => t.startsWith(`New in the last 24 hours: ${want.received} (`)),
        `received ${want.received}:\n${texts.join('\n')}`,
      );
      assert.ok(texts.includes(`Open: ${want.open}`), `open ${want.open}`);
      assert.ok(texts.includes(`New: ${want.new}`));
      assert.ok(texts.includes(`In progress: ${want.inProgress}`), 'one wording for each status (issue 12)');
      assert.ok(texts.includes(`Unassigned: ${want.unassigned}`));
      assert.ok(
        texts.some((t) => new RegExp(`^Resolved in the last 24 hours: ${want.resolved}( \\(|$)`).test(t)),
        `resolved ${want.resolved}`,
      );
      assert.ok(!JSON.stringify(card).includes('APAC'), 'nothing of APAC on the card');
      // The SLA list moved to its lead number (issue 12); the card keeps the full unassigned list.
      assert.deepEqual(
        card.actions.map((a: any) => a.verb ?? a.title),
        ['digest.unassigned', 'Open in Defender'],
      );
    });

    it('leads with past SLA, unassigned high and the oldest open alert of Mia’s scope, each button acting on them', async () => {
      const nowMs = Date.now();
      const card = cardOf((await sayPersonally(AS.mia, MIA_CHAT, 'digest now'))[0]!);
      const want = await expectedForEmea(nowMs);
      assert.ok(want.pastSla.length > 0 && want.unassignedHigh.length > 0, 'the seed gives Mia work to hand out');
      const first = want.oldest;
      assert.ok(first, 'Mia has open alerts');
      const [pastSla, unassignedHigh, oldest] = leadRows(card);
      assert.deepEqual(
        [pastSla?.number, pastSla?.label, unassignedHigh?.number, unassignedHigh?.label, oldest?.label],
        [String(want.pastSla.length), 'past SLA', String(want.unassignedHigh.length), 'unassigned high', 'oldest open'],
      );
      const ageMs = nowMs - Date.parse(first.createdDateTime);
      if (ageMs >= 2 * DAY) assert.ok(oldest!.number.startsWith(`${Math.floor(ageMs / DAY)} d`), oldest!.number);
      assert.deepEqual(oldest!.buttons[0]!.data.alertId, first.id);

      for (const [row, expected] of [
        [pastSla!, want.pastSla],
        [unassignedHigh!, want.unassignedHigh],
      ] as const) {
        const [button] = row.buttons;
        const { value } = await click(AS.mia, MIA_CHAT, button!.verb, button!.data);
        assert.deepEqual(validateAdaptiveCard(value), []);
        const listed = executeActions(value)
          // Open in a list sends the alert's card as a new message (alert.openHere, issue 12 item 6).
          .filter((a) => a.verb === 'alert.openHere')
          .map((a) => a.data.alertId as string);
        const ids = new Set(expected.map((a) => String(a.id)));
        assert.ok(listed.length > 0 && listed.every((id) => ids.has(id)), `${button!.verb} lists only its alerts`);
        if (ids.size <= 25) assert.equal(new Set(listed).size, ids.size, `${button!.verb} lists all ${ids.size}`);
        assert.ok(!listed.includes(outOfScopeId), `${button!.verb} leaks the APAC alert`);
      }

      const before = connector.messagesIn(MIA_CHAT).length;
      const open = oldest!.buttons[0]!;
      const answer = await click(AS.mia, MIA_CHAT, open.verb, open.data);
      assert.equal(answer.type, 'application/vnd.microsoft.activity.message', 'the digest stays where it is');
      await connector.waitFor((c) => c.messagesIn(MIA_CHAT).length > before, 20_000);
      const sent = connector.messagesIn(MIA_CHAT).slice(before);
      assert.ok(
        sent.some((m) => m.replyToId === undefined && JSON.stringify(cardOf(m)).includes(first.id)),
        'the oldest alert’s card arrives as a new message in Mia’s chat',
      );
    });

    it('an out-of-scope alert never appears in Mia’s lists; each listed alert links to its thread', async () => {
      const want = await expectedForEmea(Date.now());
      for (const verb of ['digest.unassigned', 'digest.unassignedHigh', 'digest.slaBreaches']) {
        const { type, value } = await click(AS.mia, MIA_CHAT, verb, {});
        assert.equal(type, CARD);
        assert.deepEqual(validateAdaptiveCard(value), []);
        const ids = executeActions(value)
          .filter((a) => a.verb === 'alert.openHere')
          .map((a) => a.data.alertId as string);
        assert.ok(ids.length > 0, `${verb} lists something`);
        assert.ok(!ids.includes(outOfScopeId), `${verb} leaks the APAC alert`);
        assert.ok(
          ids.every((id) => want.ids.has(id)),
          `${verb} lists only EMEA alerts`,
        );
        const links = nodesOfType(value, 'Action.OpenUrl').map((a) => a.url as string);
        assert.equal(links.length, ids.length, 'one thread link per alert');
        assert.ok(
          links.every((u) => u.startsWith(`https://teams.microsoft.com/l/message/${encodeURIComponent(TEAM_ID)}/`)),
        );
        assert.ok(!JSON.stringify(value).includes('DIGEST-E2E'));
      }
      const back = await click(AS.mia, MIA_CHAT, 'digest.show', {});
      assert.equal(back.type, CARD);
      assert.ok(textsOf(back.value, { facts: true }).some((t) => t.startsWith('DLP digest · ')));
    });

    it('the same alert is in the list of someone who may see it', async () => {
      // Avery (admin) has no digest.receive, but the list only needs alert.view.
      const { value } = await click(AS.avery, 'a:personal-avery', 'digest.slaBreaches', {});
      const ids = executeActions(value)
        .filter((a) => a.verb === 'alert.openHere')
        .map((a) => a.data.alertId);
      assert.ok(ids.includes(outOfScopeId));
    });
  });

  describe('a channel digest', () => {
    it('an admin subscribes a registered triage channel by @mentioning the bot there', async () => {
      const [reply] = await sayInChannel(AS.avery, 'digest subscribe 09:00 UTC');
      assert.match(String(reply?.body?.text), /This channel gets the DLP digest every day at \*\*09:00\*\* UTC/);
      const sub = (await subscriptions())[`channel:${TEAM_ID}`];
      assert.deepEqual(sub.target, { kind: 'channel', channelId: TEAM_ID });
    });

    it('not in a channel that is not a triage channel, and not by a manager', async () => {
      const [other] = await sayInChannel(AS.avery, 'digest subscribe', DLP_EMEA_CHANNEL);
      assert.match(String(other?.body?.text), /not a triage channel/);
      const [mia] = await sayInChannel(AS.mia, 'digest subscribe');
      assert.match(String(mia?.body?.text), /admin role/);
    });

    it('"digest now" in the channel posts the channel’s digest there, with every AU', async () => {
      const [reply] = await sayInChannel(AS.avery, 'digest now');
      const card = cardOf(reply!);
      assert.deepEqual(validateAdaptiveCard(card), []);
      const texts = textsOf(card, { facts: true });
      assert.ok(texts.some((t) => t.startsWith('all administrative units · as of ') && t.endsWith(' UTC')));
      assert.ok(texts.includes('By administrative unit'));
      assert.deepEqual(card.actions[0].data, { channelId: TEAM_ID });
    });
  });

  describe('unsubscribe, then catch-up after downtime', () => {
    it('"digest unsubscribe" removes the subscription', async () => {
      assert.match(await replyText(AS.mia, MIA_CHAT, 'digest unsubscribe'), /Unsubscribed/);
      assert.equal((await subscriptions())[`user:${AS.mia.aadObjectId}`], undefined);
      assert.match(await replyText(AS.mia, MIA_CHAT, 'digest settings'), /No digest subscription here/);
    });

    it('a digest missed during downtime is sent once on start, and not again after another restart', async () => {
      await bot.stop();
      // Mia's digest was due an hour ago (UTC) while the bot was down.
      const due = new Date(Date.now() - 3_600_000);
      const hhmm = due.toISOString().slice(11, 16);
      const id = `user:${AS.mia.aadObjectId}`;
      const sub = {
        id,
        target: { kind: 'user', userId: AS.mia.aadObjectId },
        time: hhmm,
        timeZone: 'UTC',
        since: new Date(Date.now() - 3 * DAY).toISOString(),
        lastSentDate: new Date(due.getTime() - DAY).toISOString().slice(0, 10),
        createdBy: { id: AS.mia.aadObjectId },
      };
      await fs.appendFile(path.join(dataDir, 'digest-subscriptions.jsonl'), JSON.stringify({ k: id, v: sub }) + '\n');
      const before = connector.messagesIn(MIA_CHAT).length;

      bot = new BotProcess({ DATA_DIR: dataDir });
      await bot.start();
      await connector.waitFor((c) => c.messagesIn(MIA_CHAT).length > before, 20_000);
      const sent = connector.messagesIn(MIA_CHAT).slice(before);
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.replyToId, undefined, 'a proactive message, not a reply');
      assert.ok(textsOf(cardOf(sent[0]!), { facts: true }).some((t) => t.startsWith('AU EMEA · as of ')));
      assert.equal((await subscriptions())[id].lastSentDate, due.toISOString().slice(0, 10));
      assert.ok(bot.logs.some((l) => l.msg === 'digest run' && l.outcome === 'sent'));

      await bot.stop();
      bot = new BotProcess({ DATA_DIR: dataDir });
      await bot.start();
      await sleep(3_000);
      assert.equal(connector.messagesIn(MIA_CHAT).length, before + 1, 'not sent twice');
    });
  });
});
