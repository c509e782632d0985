import { strict as assert } from 'node:assert';
import { md } from '../../../cards/card-text.js';
import { cardAction, mentionMessage } from '../../support/activities.js';
import { INTERNAL, REFUSAL } from '../../support/glue-features.js';
import { useInProcessBot } from '../../support/in-process-bot.js';
import { AS } from '../../support/personas.js';

const MESSAGE = 'application/vnd.microsoft.activity.message';
const apology = (reference: string) =>
  `Something went wrong on our side. Try again in a minute; if it keeps happening, give your admin this reference: ${reference}.`;

/*
 * Error mapping (bot/answers.ts) as Teams sees it, through the real CloudAdapter and TeamsBot: a domain
 * refusal becomes its own message; anything else becomes an apology that quotes the activity id, and is
 * logged in full, never shown.
 */
describe('answers in process: what a failure says to Teams (real CloudAdapter, TeamsBot, routers)', () => {
  const t = useInProcessBot('answers-');

  const errorsLogged = () => t.bot.logs.filter((l) => l.level >= 50);

  describe('a card action', () => {
    it('refused by the domain (TriageError) is answered 200 with the refusal as it is; logged as a refusal', async () => {
      const activity = cardAction({ serviceUrl: t.bot.serviceUrl, from: AS.sam }, 'refuse.click', {});
      const { status, body } = await t.bot.send(activity);
      assert.equal(status, 200);
      assert.deepEqual(body, { statusCode: 200, type: MESSAGE, value: REFUSAL });
      const refused = t.bot.logs.find((l) => l.msg === 'request refused');
      assert.deepEqual([refused?.activityId, refused?.verb, refused?.code], [activity.id, 'refuse.click', 'forbidden']);
      assert.deepEqual(errorsLogged(), []);
    });

    it('failing unexpectedly is answered 200 with the apology quoting the activity id, and the error is logged', async () => {
      const activity = cardAction({ serviceUrl: t.bot.serviceUrl, from: AS.sam }, 'crash.click', {});
      const { status, body } = await t.bot.send(activity);
      assert.equal(status, 200);
      assert.deepEqual(body, { statusCode: 200, type: MESSAGE, value: apology(activity.id) });
      assert.ok(!JSON.stringify(body).includes('hunter2'), 'nothing internal reaches the user');
      const [logged] = errorsLogged();
      assert.equal(logged?.msg, 'request failed');
      assert.equal(logged?.activityId, activity.id);
      assert.equal(logged?.verb, 'crash.click');
      assert.equal(logged?.err?.message, INTERNAL);
    });
  });

  describe('a typed command', () => {
    it('refused by the domain gets the refusal as a message, its markdown escaped', async () => {
      const activity = mentionMessage({ serviceUrl: t.bot.serviceUrl, from: AS.sam }, 'refuse');
      assert.equal((await t.bot.send(activity)).status, 200);
      assert.deepEqual(t.bot.replyTextsTo(activity.id), [md(REFUSAL)]);
      assert.notEqual(md(REFUSAL), REFUSAL, 'the refusal has markdown to escape');
      assert.deepEqual(errorsLogged(), []);
    });

    it('failing unexpectedly gets the apology quoting the activity id; the error is logged, not shown', async () => {
      const activity = mentionMessage({ serviceUrl: t.bot.serviceUrl, from: AS.sam }, 'crash');
      assert.equal((await t.bot.send(activity)).status, 200);
      assert.deepEqual(t.bot.replyTextsTo(activity.id), [md(apology(activity.id))]);
      const [logged] = errorsLogged();
      assert.equal(logged?.msg, 'request failed');
      assert.equal(logged?.activityId, activity.id);
      assert.equal(logged?.err?.message, INTERNAL);
      assert.ok(!JSON.stringify(t.bot.repliesTo(activity.id)).includes('hunter2'));
    });
  });
});
