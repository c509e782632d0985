import { strict as assert } from 'node:assert';
import path from 'node:path';
import { cardAction, mentionMessage, personalMessage } from '../support/activities.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';
import type { BotProcess } from '../support/bot-process.js';
import { factsOf } from '../support/card-facts.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { nodes, textsOf } from '../support/card-tree.js';
import type { FakeTeamsConnector, RecordedCall } from '../support/fake-teams-connector.js';
import { readJsonLines } from '../support/files.js';
import { englishLeft, shownTexts } from '../support/localized-texts.js';
import { englishLeftWithCharts } from '../support/chart-texts.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { sleep } from '../support/sleep.js';
import { rawAlertsIn, readTenantFile, subjectIdOf, unitsOf, type RawAlert } from '../support/seed-tenant.js';

type Json = any;

/** An activity as a Teams client in `locale` and `timezone` sends it: the locale, and a clientInfo entity. */
function inLocale<A extends object>(activity: A, locale: string, timezone: string): A {
  const clientInfo = { type: 'clientInfo', locale, timezone, country: locale.slice(3), platform: 'Web' };
  const entities = (activity as { entities?: unknown[] }).entities ?? [];
  return { ...activity, locale, entities: [...entities, clientInfo] };
}

const CARD = 'application/vnd.microsoft.card.adaptive';

/** The labels of an alert card: button titles, fact titles, input labels and placeholders, badges. */
function labelsOf(card: unknown): string[] {
  const badges = nodes(card).filter((n) => n.type === 'Container' && typeof n.style === 'string');
  return [
    ...nodes(card).flatMap((n) => (String(n.type).startsWith('Action.') ? [n.title] : [])),
    ...nodes(card).flatMap((n) => (String(n.type).startsWith('Input.') ? [n.label, n.placeholder] : [])),
    ...Object.keys(factsOf(card)),
    ...badges.flatMap((b) => textsOf(b)),
  ].filter((t): t is string => typeof t === 'string');
}

/** Typed as they are in every language: the bot reads English command words. */
const COMMAND_SYNTAX = ['help', 'whoami', 'route list', 'my alerts'];

/** Every string value in a JSON document (the tenant file's data: names, policies, titles, apps, places). */
function stringsOf(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (Array.isArray(value)) for (const v of value) stringsOf(v, into);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) stringsOf(v, into);
  return into;
}

/**
 * Whether a card text is only data of the tenant: each part between " · " and ", " (a count "×3" and
 * markdown escapes taken off, a cut name's "…" allowed) is a string of the tenant file.
 */
function onlyData(data: Set<string>): (text: string) => boolean {
  const known = (part: string) => {
    const plain = part
      .replace(/ ×\d+$/, '')
      .replace(/\\(.)/g, '$1')
      .trim();
    if (plain === '' || data.has(plain)) return true;
    return plain.endsWith('…') && [...data].some((d) => d.startsWith(plain.slice(0, -1)));
  };
  return (text) => text.includes('CloudAppEvents') || text.split(/ · |, /).every(known);
}

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

  /** A card click as a Teams client in `locale` and `timezone` sends it, and its invoke answer. */
  async function click(from: TeamsFrom, verb: string, data: Record<string, unknown>, locale: string, zone: string) {
    const answered = await bot.send(inLocale(cardAction({ serviceUrl, from }, verb, data), locale, zone));
    assert.equal(answered.status, 200);
    return answered.body as { type: string; value: Json };
  }

  it('a German click on Refresh answers the German card: German labels and badges, the time in Berlin', async () => {
    const alert = rawAlertsIn(await readTenantFile(dir), 'EMEA')[0]!;
    const english = await click(AS.sam, 'alert.refresh', { alertId: alert.id }, 'en-US', 'America/New_York');
    const german = await click(AS.sam, 'alert.refresh', { alertId: alert.id }, 'de-DE', 'Europe/Berlin');
    assert.equal(german.type, CARD, String(german.value));
    assert.deepEqual(validateAdaptiveCard(german.value), []);
    const englishLabels = new Set(labelsOf(english.value));
    const left = labelsOf(german.value).filter((t) => englishLabels.has(t) && t !== 'Status');
    assert.deepEqual(left, [], 'no English label left (Status is German too)');
    assert.ok(labelsOf(german.value).includes('Aktualisieren'), labelsOf(german.value).join(' | '));
    assert.match(factsOf(german.value)['Erkannt']!, /^\d{1,2}\. \w+\.? \d{4}, \d{2}:\d{2} MES?Z \(vor .+\)$/);
  });

  it('a Japanese click on History answers the Japanese History card, with times in Tokyo', async () => {
    const alert = rawAlertsIn(await readTenantFile(dir), 'EMEA')[1]!;
    const commented = await click(AS.sam, 'alert.comment', { alertId: alert.id, comment: 'Checked' }, 'en-US', 'UTC');
    assert.equal(commented.type, CARD, String(commented.value));
    const { type, value } = await click(AS.sam, 'alert.history', { alertId: alert.id }, 'ja-JP', 'Asia/Tokyo');
    assert.equal(type, CARD, String(value));
    assert.deepEqual(validateAdaptiveCard(value), []);
    const entries = await readJsonLines(path.join(dir, 'audit.jsonl'));
    const at = entries.find((e) => e.alertId === alert.id && e.action === 'alert.comment').at as string;
    const tokyo = new Date(Date.parse(at) + 9 * 3_600_000).toISOString().slice(11, 16);
    const texts = textsOf(value);
    assert.equal(texts[0], '履歴');
    assert.ok(texts.includes(`${tokyo} Sam Analyst がコメントしました`), texts.join('\n'));
    assert.ok(
      texts.some((t) => t.startsWith('時刻は Asia/Tokyo です。')),
      texts.join('\n'),
    );
    assert.deepEqual(
      shownTexts(value).filter((t) => /\b(History|commented|Back to the alert)\b/.test(t)),
      [],
    );
  });

  it('what an action did is said in the clicking user’s language on their card', async () => {
    const [alert, other] = rawAlertsIn(await readTenantFile(dir), 'EMEA').slice(2);
    const commented = await click(AS.sam, 'alert.comment', { alertId: alert!.id, comment: 'Geprüft' }, 'de-DE', 'UTC');
    assert.equal(commented.type, CARD, String(commented.value));
    assert.equal(textsOf(commented.value)[0], 'Kommentar hinzugefügt.');
    const data = { alertId: other!.id, classification: 'truePositive', determination: 'maliciousUserActivity' };
    const classified = await click(AS.sam, 'alert.classify', { ...data, resolve: 'true' }, 'ja-JP', 'Asia/Tokyo');
    assert.equal(
      textsOf(classified.value)[0],
      '「真陽性 (悪意のあるユーザー アクティビティ)」に分類し、解決しました。',
    );
    const again = await click(AS.sam, 'alert.setStatus', { alertId: other!.id, status: 'resolved' }, 'de-DE', 'UTC');
    assert.equal(textsOf(again.value)[0], 'Die Warnung ist bereits „Aufgelöst“.');
    const assigned = await click(AS.sam, 'alert.assignToMe', { alertId: alert!.id }, 'es-ES', 'Europe/Madrid');
    assert.equal(textsOf(assigned.value)[0], 'Asignada a Sam Analyst.');
  });

  it('a usage hint in Spanish, in a personal chat', async () => {
    const where = { serviceUrl, from: AS.sam, conversationId: 'a:personal-sam-es' };
    const { text } = await reply(inLocale(personalMessage(where, 'audit'), 'es-ES', 'Europe/Madrid'));
    assert.equal(text, 'Uso: **audit \\<id de alerta\\>** — Las últimas 20 entradas de auditoría de una alerta.');
  });

  it('`digest now` in a German personal chat answers a German digest: no English label left but data', async () => {
    const data = onlyData(stringsOf(await readTenantFile(dir)));
    const chat = (conversationId: string) => ({ serviceUrl, from: AS.mia, conversationId });
    const english = (await reply(inLocale(personalMessage(chat('a:mia-en'), 'digest now'), 'en-US', 'Europe/Berlin')))
      .card;
    const { card } = await reply(inLocale(personalMessage(chat('a:mia-de'), 'digest now'), 'de-DE', 'Europe/Berlin'));
    assert.deepEqual(validateAdaptiveCard(card), []);
    const [title, subtitle] = textsOf(card);
    assert.match(String(title), /^DLP-Tagesübersicht · \w{2}\., \d{1,2}\. /);
    assert.match(String(subtitle), /^Verwaltungseinheit EMEA · Stand \d{1,2}:\d{2} Europe\/Berlin$/);
    assert.deepEqual(englishLeftWithCharts(english, card, data), []);
  });

  it('digest subscribe, settings and unsubscribe answer in German, the next day in German words', async () => {
    const chat = { serviceUrl, from: AS.mia, conversationId: 'a:mia-de' };
    const say = async (text: string) =>
      (await reply(inLocale(personalMessage(chat, text), 'de-DE', 'Europe/Berlin'))).text;
    assert.match(
      String(await say('digest subscribe 07:30')),
      /^Abonniert\. Ihre DLP-Tagesübersicht kommt hier jeden Tag um \*\*07:30\*\* Europe\/Berlin \(nächste: \w{2}\., \d{1,2}\. \S+\)\. Senden Sie \*\*digest now\*\*/,
    );
    assert.match(
      String(await say('digest settings')),
      /^Ihre DLP-Tagesübersicht: jeden Tag um \*\*07:30\*\* Europe\/Berlin/,
    );
    assert.equal(await say('digest unsubscribe'), 'Abbestellt: Hier kommen keine Tagesübersichten mehr.');
    assert.equal(
      await say('digest subscribe 25:00'),
      '„25:00“ ist keine Uhrzeit. Verwenden Sie 24-Stunden-HH:MM, zum Beispiel 07:30 oder 17:00.',
    );
  });

  it('an investigation from a Japanese client answers in Japanese, with times in Tokyo', async () => {
    const tenant = (await readTenantFile(dir)) as Json;
    const activityOf = (user?: string) =>
      (tenant.activity ?? []).some((r: Json) => r.AccountObjectId?.toLowerCase() === user?.toLowerCase());
    const alert = tenant.alerts.find(
      (a: RawAlert) =>
        a.serviceSource === 'dataLossPrevention' &&
        unitsOf(tenant, subjectIdOf(a)).join() === 'EMEA' &&
        activityOf(subjectIdOf(a)),
    );
    assert.ok(alert, 'the seed has an EMEA alert with activity');
    const investigate = async (locale: string, timezone: string) => {
      const click = () =>
        bot.send(
          inLocale(
            cardAction({ serviceUrl, from: AS.sam }, 'alert.investigate', { alertId: alert.id }),
            locale,
            timezone,
          ),
        );
      let answer = await click();
      assert.equal(answer.status, 200);
      // A slow first gathering answers with the waiting card (Teams refreshes it); a later click finds the result.
      for (let i = 0; i < 10 && answer.body.value?.refresh; i++) {
        await sleep(500);
        answer = await click();
      }
      return answer.body.value as Json;
    };
    const english = await investigate('en-US', 'America/New_York');
    const card = await investigate('ja-JP', 'Asia/Tokyo');
    assert.deepEqual(validateAdaptiveCard(card), []);
    const texts = textsOf(card);
    assert.match(String(texts[0]), /^調査 · /);
    // The range names the zone once, "(JST)", within a Tokyo day, and after each end across midnight there
    // (the window is the 4 hours before now: runs between 11:00 and 15:00 UTC cross it).
    assert.ok(
      texts.some((t) => t.startsWith('アラート前後のアクティビティ (') && /(?:\(JST\)| JST～.* JST)\)$/.test(t)),
      texts.join('\n'),
    );
    const data = stringsOf(tenant);
    assert.deepEqual(englishLeftWithCharts(english, card, onlyData(data)), []);
  });
});
