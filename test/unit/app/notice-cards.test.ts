import { strict as assert } from 'node:assert';
import { noticeCards } from '../../../src/app/notice-cards.js';
import type { Parts } from '../../../src/app/parts.js';
import { PersonalChats, type PersonalChat } from '../../../src/delivery/personal-chats.js';
import { Messages } from '../../../src/i18n/messages.js';
import { buildDigest } from '../../../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../../../src/triage/digest/digest-rules.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { alertWith } from '../../support/alerts.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { shownTexts } from '../../support/localized-texts.js';

const KENJI = 'a0000000-0000-4000-8000-0000000000a1';
const chat = (extra: Partial<PersonalChat> = {}): PersonalChat => ({
  userId: KENJI,
  conversationId: 'a:kenji',
  serviceUrl: 'https://smba.example/',
  tenantId: 't1',
  ...extra,
});

/** PersonalChats over an in-memory repository that counts writes. */
async function chats() {
  const saved: PersonalChat[] = [];
  const repository = {
    list: async () => [],
    get: async () => undefined,
    save: async (c: PersonalChat) => void saved.push(c),
  };
  return { chats: await PersonalChats.load(repository), saved };
}

describe('proactive messages in the recipient’s last known language and zone', () => {
  it('a personal chat remembers the locale and zone Teams sent, keeps them when a message has none, and writes only on change', async () => {
    const { chats: known, saved } = await chats();
    await known.remember(chat({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' }));
    await known.remember(chat());
    assert.deepEqual(known.get(KENJI), chat({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' }));
    assert.equal(saved.length, 1, 'a message without them changes nothing');
    await known.remember(chat({ locale: 'de-DE' }));
    assert.deepEqual(known.get(KENJI), chat({ locale: 'de-DE', timeZone: 'Asia/Tokyo' }));
    assert.equal(saved.length, 2);
  });

  it('an alert card its recipient may no longer see is a short card in their language', async () => {
    const { chats: known } = await chats();
    await known.remember(chat({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' }));
    const render = noticeCards({
      store: { get: async () => undefined } as unknown as Parts['store'],
      views: {} as Parts['views'],
      audience: {} as Parts['audience'],
      channels: {} as Parts['channels'],
      access: {} as Parts['access'],
      chats: known,
      messages: new Messages(),
    });
    const card = await render({ kind: 'alertCard', alertId: 'dl-gone', forUserId: KENJI }, KENJI);
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.deepEqual(shownTexts(card).slice(1), [
      'このアラートは表示できません',
      'このアラートは存在しない (または存在しなくなった) か、あなたには表示できません。',
    ]);
    const stranger = await render({ kind: 'alertCard', alertId: 'dl-gone', forUserId: alertWith('x').id }, undefined);
    assert.equal(shownTexts(stranger)[1], 'This alert cannot be shown', 'someone not seen yet: English');
  });

  it('a scheduled digest is drawn in its recipient’s language; a channel’s digest in English', async () => {
    const { chats: known } = await chats();
    await known.remember(chat({ locale: 'de-DE', timeZone: 'Europe/Berlin' }));
    const render = noticeCards({
      store: {} as Parts['store'],
      views: {} as Parts['views'],
      audience: {} as Parts['audience'],
      channels: {} as Parts['channels'],
      access: {} as Parts['access'],
      chats: known,
      messages: new Messages(),
    });
    const now = new Date('2026-03-10T07:00:00.000Z');
    const view = {
      digest: buildDigest([], now, 'Europe/Berlin', { kind: 'unrestricted' }),
      scopeLabel: 'all administrative units',
      assigneeNames: {},
      defenderUrl: 'https://security.microsoft.com/alerts',
      sla: DEFAULT_SLA_HOURS,
    };
    const personal = await render({ kind: 'digest', view }, KENJI);
    assert.deepEqual(validateAdaptiveCard(personal), []);
    assert.equal(shownTexts(personal)[0], 'DLP-Tagesübersicht · Di., 10. März');
    const channel = await render({ kind: 'digest', view: { ...view, channelId: '19:x@thread.tacv2' } }, undefined);
    assert.equal(shownTexts(channel)[0], 'DLP digest · Tue, Mar 10');
  });

  it('an alert card sent to a person is drawn in the language and zone they last used', async () => {
    const { chats: known } = await chats();
    await known.remember(chat({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' }));
    const readers: Translator[] = [];
    const alert = alertWith('dl-kenji');
    const render = noticeCards({
      store: { get: async () => alert } as unknown as Parts['store'],
      views: {
        userCard: async (_who: unknown, _alert: unknown, { i18n }: { i18n: Translator }) => {
          readers.push(i18n);
          return { type: 'AdaptiveCard' };
        },
      } as unknown as Parts['views'],
      audience: {} as Parts['audience'],
      channels: {} as Parts['channels'],
      access: {} as Parts['access'],
      chats: known,
      messages: new Messages(),
    });
    await render({ kind: 'alertCard', alertId: alert.id, forUserId: KENJI }, KENJI);
    await render({ kind: 'alertCard', alertId: alert.id, forUserId: alertWith('x').id }, undefined);
    assert.deepEqual(
      readers.map((r) => [r.language, r.timeZone]),
      [
        ['ja', 'Asia/Tokyo'],
        ['en', 'UTC'],
      ],
    );
  });
});
