import { strict as assert } from 'node:assert';
import { TEAM_ID, cardAction } from '../../support/activities.js';
import { useInProcessBot } from '../../support/in-process-bot.js';
import { AS, NO_AAD_ID, type TeamsFrom } from '../../support/personas.js';

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';

/*
 * Card actions through the real CloudAdapter, TeamsBot and InvokeRouter (test/support/in-process-bot.ts):
 * lookups of names off the wire, the data schema, identity from the activity, and invoke de-duplication.
 */
describe('InvokeRouter in process: card actions (real CloudAdapter, TeamsBot, registry)', () => {
  const t = useInProcessBot('invoke-router-');

  const click = (from: TeamsFrom, verb: unknown, data: unknown = {}) =>
    cardAction({ serviceUrl: t.bot.serviceUrl, from }, verb, data);

  /** Sends `activity`; asserts HTTP 200 and invoke statusCode 200; returns the invoke answer. */
  async function answer(activity: object): Promise<{ type: string; value: any }> {
    const { status, body } = await t.bot.send(activity);
    assert.equal(status, 200);
    assert.equal(body?.statusCode, 200);
    return { type: body.type, value: body.value };
  }

  it('runs the verb with the parsed data, the actor from the activity (never from the data), trigger and team', async () => {
    const activity = click(AS.sam, 'count.click', { n: 3, actor: AS.avery.aadObjectId, from: 'Avery' });
    activity.value.trigger = 'automatic';
    const { type, value } = await answer(activity);
    assert.equal(type, CARD);
    assert.equal(value.run, 1);
    const [run] = t.runs.count;
    assert.equal(run!.actor.id, AS.sam.aadObjectId);
    assert.equal(run!.actor.name, AS.sam.name);
    assert.equal(run!.data.n, 3);
    assert.equal(run!.trigger, 'automatic');
    assert.equal(run!.teamId, TEAM_ID);
    assert.equal(t.bot.connector.calls.length, 0, 'an invoke is answered in the response, not through the connector');
  });

  it('the same invoke (same person, verb and activity id) runs once and gets the first answer again', async () => {
    const first = click(AS.sam, 'count.click', { n: 1 });
    const a = await answer(first);
    const b = await answer(first);
    assert.equal(t.runs.count.length, 1, 'Teams retried the same invoke: the verb ran once');
    assert.deepEqual(b, a);
  });

  it('a repeatable view (a refresh) retried with the same id is checked and drawn afresh, not kept', async () => {
    const first = click(AS.sam, 'count.view');
    const a = await answer(first);
    const b = await answer(first);
    assert.equal(t.runs.count.length, 2, 'ran again: a view changes nothing, and its answer is not held for retries');
    assert.equal(a.value.run, 1);
    assert.equal(b.value.run, 2);
  });

  it('another person sending an id already seen gets their own answer, and a new id runs again', async () => {
    const sams = click(AS.sam, 'count.click');
    const emmas = { ...click(AS.emma, 'count.click'), id: sams.id };
    const first = await answer(sams);
    const other = await answer(emmas);
    assert.equal(t.runs.count.length, 2, 'the other person’s click ran');
    assert.equal(t.runs.count[1]!.actor.id, AS.emma.aadObjectId);
    assert.notDeepEqual(other, first, 'never the first person’s card');
    assert.equal(other.value.run, 2);
    await answer(click(AS.sam, 'count.click'));
    assert.equal(t.runs.count.length, 3, 'a new click by the same person runs');
  });

  it('a failed click is not remembered: the retry runs again', async () => {
    const bad = click(AS.sam, 'crash.click');
    await answer(bad);
    await answer(bad);
    const crashes = t.bot.logs.filter((l) => l.msg === 'request failed' && l.activityId === bad.id);
    assert.equal(crashes.length, 2);
  });

  it('an unknown verb, or one named like an Object property, is answered 200 with a message; nothing runs', async () => {
    const verbs: unknown[] = ['alert.nope', 'toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', ''];
    for (const verb of [...verbs, 42, null, { verb: 'count.click' }, ['count.click']]) {
      const { type, value } = await answer(click(AS.sam, verb));
      assert.equal(type, MESSAGE, String(verb));
      assert.match(value, /^This button \(.*\) is not one DLP Triage knows\. Refresh the card/, String(verb));
    }
    assert.equal(t.runs.count.length, 0);
  });

  it('data the verb’s schema refuses is answered with what was wrong; nothing runs', async () => {
    const { type, value } = await answer(click(AS.sam, 'count.click', { n: 'three' }));
    assert.equal(type, MESSAGE);
    assert.match(value, /^The card sent data DLP Triage cannot use \(n: .+\)\. Refresh the card and try again\.$/);
    assert.equal(t.runs.count.length, 0);
  });

  it('a click without an Entra identity is refused, audited as denied, and runs nothing', async () => {
    const { type, value } = await answer(click(NO_AAD_ID, 'count.click'));
    assert.equal(type, MESSAGE);
    assert.match(value, /Teams did not say who you are/);
    assert.equal(t.runs.count.length, 0);
    assert.deepEqual(t.bot.audits, [
      {
        actor: { id: 'unknown', name: NO_AAD_ID.name },
        action: 'count.click',
        outcome: 'denied',
        reason: 'the activity carries no Entra identity',
      },
    ]);
  });
});
