import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { TurnLanguage } from '../../../bot/turn-language.js';
import { canonicalLocale, formattingLocale, knownTimeZone, languageOf } from '../../../src/i18n/languages.js';
import { Messages } from '../../../src/i18n/messages.js';

const messages = new Messages();
const AT = '2026-03-10T12:05:00.000Z';
const TOKYO_USER = '00000000-0000-4000-8000-0000000000a1';

describe('languages and time zones of a reader', () => {
  it('a locale falls back from region to language, and to English when there is no catalogue', () => {
    for (const [locale, language] of [
      ['fr-CA', 'fr'],
      ['fr', 'fr'],
      ['de-DE', 'de'],
      ['de-at', 'de'],
      ['ja-JP', 'ja'],
      ['ja_JP', 'ja'],
      ['es-MX', 'es'],
      ['en-GB', 'en'],
      ['xx', 'en'],
      ['pt-BR', 'en'],
      ['', 'en'],
      [undefined, 'en'],
      [42, 'en'],
      ['../../etc/passwd', 'en'],
      ['de-DE'.repeat(20), 'en'],
    ] as const) {
      assert.equal(languageOf(locale), language, String(locale));
    }
  });

  it('dates are formatted in the reader’s own locale when it is in a language we speak, else in that language', () => {
    assert.equal(formattingLocale('fr-CA', 'fr'), 'fr-CA');
    assert.equal(formattingLocale('en-GB', 'en'), 'en-GB');
    assert.equal(formattingLocale('xx-YY', 'en'), 'en-US');
    assert.equal(formattingLocale(undefined, 'en'), 'en-US');
    assert.equal(canonicalLocale('de-de'), 'de-DE');
  });

  it('a zone Intl does not know is no zone: the translator uses UTC and nothing throws', () => {
    assert.equal(knownTimeZone('Asia/Tokyo'), 'Asia/Tokyo');
    for (const bad of ['Mars/Olympus_Mons', '', 'UTC+25', '../../x', 'A'.repeat(200), 7, undefined]) {
      assert.equal(knownTimeZone(bad), undefined, String(bad));
      const i18n = messages.translator({ locale: 'de-DE', timeZone: bad });
      assert.equal(i18n.timeZone, 'UTC');
      assert.match(i18n.time(AT), /^12:05 (UTC|GMT|koordinierte Weltzeit)/);
    }
  });

  it('a ja-JP reader in Asia/Tokyo sees Tokyo time in Japanese format', () => {
    const i18n = messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' });
    assert.equal(i18n.language, 'ja');
    assert.equal(i18n.time(AT), '21:05 JST');
    assert.equal(i18n.dateTime(AT), '2026年3月10日 21:05 JST');
    assert.equal(i18n.dateTime('not a date'), '日付不明');
  });

  it('plurals follow each language’s rules, through ICU plural rules', () => {
    const more = (locale: string, count: number) => messages.translator({ locale }).t('lists.more', { count });
    assert.equal(more('en', 1), '…and 1 more.');
    assert.equal(more('fr', 1), '…et 1 autre.');
    assert.equal(more('fr', 3), '…et 3 autres.');
    assert.equal(more('ja', 3), '…ほか 3 件。');
    const unshared = (locale: string, count: number) =>
      messages.translator({ locale }).t('notices.unshared', { count });
    assert.equal(unshared('en', 0), 'There was no working link to revoke.');
    assert.equal(unshared('en', 2), '2 read-only links were revoked.');
    assert.equal(unshared('de', 1), 'Der schreibgeschützte Link wurde widerrufen.');
  });

  it('ages and lists read as the language writes them', () => {
    const now = new Date('2026-03-10T15:05:00.000Z');
    assert.equal(messages.translator({ locale: 'de-DE' }).ago(AT, now), 'vor 3 Std.');
    assert.equal(messages.translator({ locale: 'en-US' }).ago(AT, now), '3 hr. ago');
    assert.equal(messages.translator({ locale: 'en-US' }).ago(AT, new Date(AT)), 'just now');
    assert.equal(messages.translator({ locale: 'es-ES' }).alternatives(['EMEA', 'APAC']), 'EMEA o APAC');
  });
});

describe('Messages.translator: one translator per reader kind', () => {
  it('the same language, locale and zone give the same translator (its Intl formatters are made once)', () => {
    const own = new Messages();
    const tokyo = own.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' });
    assert.equal(own.translator({ locale: 'ja-jp', timeZone: 'Asia/Tokyo' }), tokyo);
    assert.notEqual(own.translator({ locale: 'ja-JP', timeZone: 'Europe/Berlin' }), tokyo);
    assert.notEqual(own.translator({ locale: 'de-DE', timeZone: 'Asia/Tokyo' }), tokyo);
    assert.equal(own.translator({ timeZone: 'Not/AZone' }), own.translator());
  });

  it('stays small however many readers there are', () => {
    const own = new Messages();
    const first = own.translator({ locale: 'de-DE', timeZone: 'Etc/GMT+1' });
    const zones = Intl.supportedValuesOf('timeZone');
    for (const locale of ['de-DE', 'de-AT', 'de-CH', 'fr-FR', 'fr-CA', 'es-ES', 'es-MX', 'ja-JP'])
      for (const timeZone of zones) own.translator({ locale, timeZone });
    assert.ok(zones.length * 8 > 1000, 'more readers than the cache holds');
    assert.ok(own.cachedTranslators <= 1000, `${own.cachedTranslators} translators kept`);
    assert.equal(
      own.translator({ locale: 'de-DE', timeZone: 'Etc/GMT+1' }).t('labels.severity.high'),
      first.t('labels.severity.high'),
    );
  });
});

describe("TurnLanguage: the turn's reader from the activity", () => {
  const digestZones = new Map([[TOKYO_USER, 'Asia/Tokyo']]);
  const language = new TurnLanguage(messages, async (id) => digestZones.get(id));
  const activity = (extra: Record<string, unknown>) =>
    ({ from: { id: '29:x', name: 'Kenji', aadObjectId: TOKYO_USER }, ...extra }) as Partial<Activity>;

  it('takes the Teams locale and the clientInfo entity’s time zone', async () => {
    const i18n = await language.of(
      activity({
        locale: 'ja-JP',
        entities: [{ type: 'clientInfo', locale: 'ja-JP', timezone: 'Asia/Tokyo', platform: 'Web' }],
      }),
    );
    assert.equal(i18n.language, 'ja');
    assert.equal(i18n.timeZone, 'Asia/Tokyo');
    assert.equal(i18n.time(AT), '21:05 JST');
  });

  it('passes over an invalid zone to localTimezone, then the digest subscription’s zone, then UTC', async () => {
    const bad = [{ type: 'clientInfo', timezone: 'Not/AZone' }];
    assert.equal(
      (await language.of(activity({ entities: bad, localTimezone: 'Europe/Berlin' }))).timeZone,
      'Europe/Berlin',
    );
    assert.equal((await language.of(activity({ entities: bad }))).timeZone, 'Asia/Tokyo');
    const stranger = activity({
      from: { id: '29:y', aadObjectId: '00000000-0000-4000-8000-0000000000b2' },
      entities: bad,
    });
    assert.equal((await language.of(stranger)).timeZone, 'UTC');
    const failing = new TurnLanguage(messages, async () => {
      throw new Error('store down');
    });
    assert.equal((await failing.of(activity({}))).timeZone, 'UTC');
  });

  it('falls back to English for a locale we do not speak, and for none', async () => {
    assert.equal((await language.of(activity({ locale: 'xx' }))).language, 'en');
    assert.equal((await language.of(activity({}))).language, 'en');
    assert.equal((await language.of(activity({ locale: 'fr-CA' }))).language, 'fr');
  });
});
