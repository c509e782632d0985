import { strict as assert } from 'node:assert';
import { cardAction, mentionMessage, personalMessage } from '../support/activities.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';
import type { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import type { FakeTeamsConnector, RecordedCall } from '../support/fake-teams-connector.js';
import { englishLeft, shownTexts } from '../support/localized-texts.js';
import { AS } from '../support/personas.js';

type Json = any;

/** An activity as a Teams client in `locale` and `timezone` sends it: the locale, and a clientInfo entity. */
function inLocale<A extends object>(activity: A, locale: string, timezone: string): A {
  const clientInfo = { type: 'clientInfo', locale, timezone, country: locale.slice(3), platform: 'Web' };
  const entities = (activity as { entities?: unknown[] }).entities ?? [];
  return { ...activity, locale, entities: [...entities, clientInfo] };
}

/** Typed as they are in every language: the bot reads English command words. */
const COMMAND_SYNTAX = ['help', 'whoami', 'route list', 'my alerts'];

/*
 * Black box: the bot answers in the language of the Teams client that asks (activity.locale), English
 * for any other, over HTTP with the real bot process and the fake Teams connector.
 */
describe('black box: answers in the user’s Teams language (real server over HTTP)', function () {
  this.timeout(60_000);
  let dir: string;
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let bot: BotProcess;

  /** Sends an activity and returns the bot's reply (text or card). */
  async function reply(activity: Json): Promise<{ text?: string; card?: Json }> {
    assert.equal((await bot.send(activity)).status, 200);
    const replyTo = (p: RecordedCall) => p.replyToId === activity.id || p.body?.replyToId === activity.id;
    await connector.waitFor((c) => c.posted.some(replyTo));
    const answer = connector.posted.find(replyTo)!;
    return { text: answer.body.text, card: answer.body.attachments?.[0]?.content };
  }

  const ask = (text: string, locale: string, timezone: string) =>
    reply(inLocale(mentionMessage({ serviceUrl, from: AS.avery }, text), locale, timezone));

  before(async () => {
    ({
      connector,
      serviceUrl,
      dataDir: dir,
      bot,
    } = await startBlackBox('dlp-languages-', { env: { DEMO_ALERT_INTERVAL_SECONDS: '0' } }));
  });

  after(() => stopBlackBox({ bot, connector, dataDir: dir }));

  it('help in German answers with the German help card: no English label left but command words', async () => {
    const english = (await ask('help', 'en-US', 'America/New_York')).card;
    const { card } = await ask('help', 'de-DE', 'Europe/Berlin');
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.equal(shownTexts(card)[1], 'DLP Triage-Befehle');
    assert.deepEqual(englishLeft(english, card, COMMAND_SYNTAX), []);
  });

  it('an unknown command in Japanese answers in Japanese, quoting what was typed', async () => {
    const { card } = await ask('frobnicate', 'ja-JP', 'Asia/Tokyo');
    assert.deepEqual(validateAdaptiveCard(card), []);
    const texts = shownTexts(card);
    assert.equal(texts[1], '「frobnicate」を理解できませんでした。できることは次のとおりです:');
    assert.equal(texts[2], 'DLP Triage のコマンド');
  });

  it('a French Canadian client gets French; a language we do not speak gets English', async () => {
    assert.equal(shownTexts((await ask('help', 'fr-CA', 'America/Toronto')).card)[1], 'Commandes de DLP Triage');
    assert.equal(shownTexts((await ask('help', 'xx', 'Not/AZone')).card)[1], 'DLP Triage commands');
  });

  it('an error is worded in the clicking user’s language: a Japanese click on an unknown alert', async () => {
    const click = inLocale(
      cardAction({ serviceUrl, from: AS.sam }, 'alert.refresh', { alertId: 'dl-does-not-exist' }),
      'ja-JP',
      'Asia/Tokyo',
    );
    const answered = await bot.send(click);
    assert.equal(answered.status, 200);
    assert.equal(answered.body.type, 'application/vnd.microsoft.activity.message');
    assert.equal(
      answered.body.value,
      'このアラートは存在しない (または存在しなくなった) か、あなたには表示できません。',
    );
  });

  it('a usage hint in Spanish, in a personal chat', async () => {
    const where = { serviceUrl, from: AS.sam, conversationId: 'a:personal-sam-es' };
    const { text } = await reply(inLocale(personalMessage(where, 'audit'), 'es-ES', 'Europe/Madrid'));
    assert.equal(text, 'Uso: **audit \\<id de alerta\\>** — Las últimas 20 entradas de auditoría de una alerta.');
  });
});
