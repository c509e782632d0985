import { strict as assert } from 'node:assert';
import {
  BOT,
  TEAM_ID,
  channelMessage,
  installInTeam,
  mentionMessage,
  personalActivity,
  personalMessage,
} from '../../support/activities.js';
import { defaultMembers } from '../../support/fake-teams-connector.js';
import { useInProcessBot } from '../../support/in-process-bot.js';
import { AS, DLP_EMEA_CHANNEL, NO_AAD_ID } from '../../support/personas.js';

const WELCOME = /^DLP Triage is ready: new DLP alerts will be posted in this channel/;
const THREAD = `${TEAM_ID};messageid=1700000000001`;

/*
 * The Teams glue in process (test/support/in-process-bot.ts): a real TeamsBot, InvokeRouter, CommandRouter,
 * ThreadRouter and Registry behind botbuilder's CloudAdapter, replies reaching the fake Teams connector.
 */
describe('TeamsBot in process (real CloudAdapter, routers and registry; fake Teams connector)', () => {
  const t = useInProcessBot('teams-bot-');
  beforeEach(() => t.bot.threads.set(THREAD, 'dl-thread-1'));

  const where = () => ({ serviceUrl: t.bot.serviceUrl, from: AS.sam });
  const welcomes = () => t.bot.connector.posted.filter((c) => WELCOME.test(String(c.body?.text)));

  describe('install in a team', () => {
    it('registers General as the default triage channel and welcomes once, however often Teams says so', async () => {
      const install = installInTeam({ serviceUrl: t.bot.serviceUrl, from: AS.avery });
      assert.equal((await t.bot.send(install)).status, 200);
      const general = t.bot.channels.get(TEAM_ID);
      assert.ok(general, 'General is a triage channel');
      assert.equal(general.isDefault, true);
      assert.equal(general.channelName, 'General');
      assert.equal(general.serviceUrl, t.bot.serviceUrl);
      assert.equal(general.registeredBy, AS.avery.aadObjectId);
      assert.deepEqual(
        t.bot.repliesTo(install.id).map((c) => c.conversationId),
        [TEAM_ID],
      );
      assert.equal(welcomes().length, 1);

      // Teams sends the install again (a retry) and as an installationUpdate: no second welcome.
      await t.bot.send(installInTeam({ serviceUrl: t.bot.serviceUrl, from: AS.avery }));
      const update = { ...installInTeam({ serviceUrl: t.bot.serviceUrl }), type: 'installationUpdate', action: 'add' };
      await t.bot.send(update);
      assert.equal(welcomes().length, 1, 'welcomed once');
      assert.deepEqual(
        t.bot.channels.list().map((c) => c.channelId),
        [TEAM_ID],
      );
    });

    it('an installationUpdate into a team registers General too', async () => {
      const update = { ...installInTeam({ serviceUrl: t.bot.serviceUrl }), type: 'installationUpdate', action: 'add' };
      assert.equal((await t.bot.send(update)).status, 200);
      assert.equal(t.bot.channels.defaultChannel()?.channelId, TEAM_ID);
      assert.equal(welcomes().length, 1);
    });

    it('another member joining the team registers nothing', async () => {
      // As botbuilder hands it on after looking the member up in the team.
      const joined = { ...installInTeam({ serviceUrl: t.bot.serviceUrl }), membersAdded: [defaultMembers()[0]] };
      assert.equal((await t.bot.send(joined)).status, 200);
      assert.deepEqual(t.bot.channels.list(), []);
      assert.equal(welcomes().length, 0);
    });
  });

  describe('messages', () => {
    it('a channel message that does not mention the bot is ignored: no command runs, nothing is sent', async () => {
      const activity = channelMessage(where(), 'ping are you there');
      assert.equal((await t.bot.send(activity)).status, 200);
      assert.equal(t.runs.ping.length, 0);
      assert.equal(t.bot.connector.calls.length, 0, 'no call to Teams at all');
    });

    it('a mention runs the command it names, with the actor from the activity, and replies in the thread', async () => {
      const activity = mentionMessage({ ...where(), channelId: DLP_EMEA_CHANNEL }, 'ping  *hello*');
      assert.equal((await t.bot.send(activity)).status, 200);
      assert.equal(t.runs.ping.length, 1);
      const [run] = t.runs.ping;
      assert.equal(run!.args, '*hello*', 'the mention is removed, the words after the name are the arguments');
      assert.deepEqual(
        { id: run!.actor.id, name: run!.actor.name, teamsUserId: run!.actor.teamsUserId },
        { id: AS.sam.aadObjectId, name: AS.sam.name, teamsUserId: AS.sam.id },
      );
      assert.equal(run!.conversationType, 'channel');
      assert.equal(run!.here?.channelId, DLP_EMEA_CHANNEL);
      assert.equal(run!.here?.teamId, TEAM_ID);
      const replies = t.bot.repliesTo(activity.id);
      assert.equal(replies.length, 1);
      assert.equal(replies[0]!.conversationId, DLP_EMEA_CHANNEL);
      assert.equal(replies[0]!.body.text, 'pong \\*hello\\*');
    });

    it('an unknown command, or one named like an Object property, gets the help card and runs nothing', async () => {
      for (const text of ['pingu', 'constructor', '__proto__', 'toString', 'hasOwnProperty ping']) {
        const activity = mentionMessage(where(), text);
        assert.equal((await t.bot.send(activity)).status, 200, text);
        const [reply] = t.bot.repliesTo(activity.id);
        const card = reply?.body.attachments?.[0]?.content;
        assert.equal(card?.type, 'AdaptiveCard', text);
        assert.match(JSON.stringify(card), /I did not understand/, text);
      }
      assert.equal(t.runs.ping.length, 0);
    });

    it('in a 1:1 chat no mention is needed, and the chat is remembered for later notices', async () => {
      const activity = personalMessage({ ...where(), conversationId: 'a:chat-sam' }, 'ping');
      assert.equal((await t.bot.send(activity)).status, 200);
      assert.equal(t.runs.ping.length, 1);
      assert.equal(t.runs.ping[0]!.conversationType, 'personal');
      assert.equal(t.runs.ping[0]!.here, undefined, 'no team channel');
      assert.deepEqual(t.bot.replyTextsTo(activity.id), ['pong ']);
      assert.equal(t.bot.chats.get(AS.sam.aadObjectId)?.conversationId, 'a:chat-sam');
    });

    it('a 1:1 chat also remembers the language and zone Teams sent, for messages sent later', async () => {
      const activity = {
        ...personalMessage({ ...where(), conversationId: 'a:chat-sam' }, 'ping'),
        locale: 'ja-JP',
        entities: [{ type: 'clientInfo', locale: 'ja-JP', timezone: 'Asia/Tokyo' }],
      };
      assert.equal((await t.bot.send(activity)).status, 200);
      const chat = t.bot.chats.get(AS.sam.aadObjectId);
      assert.deepEqual([chat?.locale, chat?.timeZone], ['ja-JP', 'Asia/Tokyo']);
      const bad = { ...personalMessage({ ...where(), conversationId: 'a:chat-sam' }, 'ping'), locale: '../../x' };
      assert.equal(
        (await t.bot.send({ ...bad, entities: [{ type: 'clientInfo', timezone: 'Not/AZone' }] })).status,
        200,
      );
      const after = t.bot.chats.get(AS.sam.aadObjectId);
      assert.deepEqual([after?.locale, after?.timeZone], ['ja-JP', 'Asia/Tokyo'], 'nothing invalid is stored');
    });

    it('a card submitted by an old client (a message with a value and no text) is told to update Teams', async () => {
      const activity = { ...personalActivity({ ...where(), conversationId: 'a:chat-sam' }, {}), type: 'message' };
      await t.bot.send({ ...activity, value: { verb: 'count.click' } });
      assert.match(t.bot.replyTextsTo(activity.id)[0] ?? '', /needs a newer Teams client/);
      assert.equal(t.runs.count.length, 0);
    });
  });

  describe('messages in an alert thread go to the thread router', () => {
    it('a thread command runs for the thread’s alert, with or without a mention', async () => {
      const plain = channelMessage({ ...where(), conversationId: THREAD }, 'ack');
      const mentioned = channelMessage({ ...where(), conversationId: THREAD }, `<at>${BOT.name}</at> OK`);
      const withEntity = {
        ...mentioned,
        entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
      };
      await t.bot.send(plain);
      await t.bot.send(withEntity);
      assert.deepEqual(
        t.runs.ack.map((r) => [r.alertId, r.actor.id]),
        [
          ['dl-thread-1', AS.sam.aadObjectId],
          ['dl-thread-1', AS.sam.aadObjectId],
        ],
      );
      assert.deepEqual(t.bot.replyTextsTo(plain.id), ['acknowledged dl-thread-1']);
      assert.equal(t.bot.repliesTo(plain.id)[0]!.conversationId, THREAD, 'the answer stays in the thread');
      assert.deepEqual(t.bot.comments, []);
    });

    it('any other text is a comment on the thread’s alert, attributed to its author', async () => {
      for (const text of ['looks like test data to me', 'constructor', '__proto__ x']) {
        const activity = channelMessage({ ...where(), conversationId: THREAD }, text);
        await t.bot.send(activity);
        assert.deepEqual(t.bot.replyTextsTo(activity.id), ['Sam Analyst: comment added to the alert.'], text);
      }
      assert.deepEqual(
        t.bot.comments.map((c) => [c.actor.id, c.alertId, c.text]),
        [
          [AS.sam.aadObjectId, 'dl-thread-1', 'looks like test data to me'],
          [AS.sam.aadObjectId, 'dl-thread-1', 'constructor'],
          [AS.sam.aadObjectId, 'dl-thread-1', '__proto__ x'],
        ],
      );
      assert.equal(t.runs.ack.length, 0);
      assert.equal(t.runs.ping.length, 0);
    });

    it('someone Teams did not identify changes nothing and is told so', async () => {
      const activity = channelMessage({ serviceUrl: t.bot.serviceUrl, from: NO_AAD_ID, conversationId: THREAD }, 'ack');
      await t.bot.send(activity);
      assert.match(t.bot.replyTextsTo(activity.id)[0] ?? '', /Teams did not say who you are/);
      assert.deepEqual([t.runs.ack.length, t.bot.comments.length], [0, 0]);
    });
  });

  describe('invokes', () => {
    it('an invoke other than adaptiveCard/action is answered 400 with a short error, and logged', async () => {
      for (const name of ['composeExtension/query', 'task/fetch', 'signin/verifyState', 'constructor']) {
        const activity = { ...channelMessage(where(), ''), type: 'invoke', name, value: {} };
        const answer = await t.bot.send(activity);
        assert.equal(answer.status, 400, name);
        assert.deepEqual(answer.body, { error: 'DLP Triage does not handle this kind of request.' }, name);
        assert.ok(
          t.bot.logs.some((l) => l.msg === 'invoke not handled' && l.name === name && l.activityId === activity.id),
          name,
        );
      }
      assert.equal(t.runs.count.length, 0);
      assert.equal(t.bot.connector.calls.length, 0);
    });
  });
});
