import { strict as assert } from 'node:assert';
import { renderAlertCard, type AlertCardView } from '../../../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import { renderHistoryCard } from '../../../cards/history-card.js';
import type { HistoryEntry } from '../../../cards/history-lines.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { channelSummary, type Alert } from '../../../src/triage/alert.js';
import { alertWith } from '../../support/alerts.js';
import { factsOf } from '../../support/card-facts.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { nodesOfType, textsOf } from '../../support/card-tree.js';
import { englishLeft, shownTexts } from '../../support/localized-texts.js';

/*
 * The alert card and the History card in the reader's language and time zone: every label, button,
 * input, choice and badge from the catalogue, dates in the reader's zone and locale format. Only data
 * (titles, names, ids, file names, policy names, what people typed) stays as it is.
 */

const messages = new Messages();
const NOW = new Date('2026-11-23T17:10:00Z');
const SLA = { high: 2, medium: 24, low: 72 };
const SAM = { id: 'a0000000-0000-4000-8000-000000000002', name: 'Sam Analyst' };
const EMMA = 'a0000000-0000-4000-8000-000000000003';
const ALL = new Set<CardVerb>(CARD_VERBS);
const SHARE_LINKS = [{ url: 'https://triage.contoso.example/share/abc', expiresAt: '2026-11-30T14:05:00Z' }];
const ASSIGNEES = [
  { title: 'Sam Analyst', value: SAM.id },
  { title: 'Emma Analyst', value: EMMA },
];

const ALERT: Alert = alertWith('dl5a1b2c3d-0000-4000-8000-00000000abcd', {
  title: 'Card numbers in Q1.xlsx',
  createdAt: '2026-11-23T14:05:00Z',
  policyName: 'Contoso PCI - External Sharing',
  ruleName: 'Credit card numbers shared externally',
  assignedTo: 'sam@contoso.example',
  subject: {
    id: 'b0000000-0000-4000-8000-000000000001',
    displayName: 'Lena Fischer',
    userPrincipalName: 'lena.fischer@contoso.example',
    department: 'Finance',
  },
  file: { name: 'Q1.xlsx', url: 'https://contoso.sharepoint.com/sites/finance/Q1.xlsx' },
  message: { subject: 'Q1 numbers', recipients: ['j.doe@fabrikam.example'] },
  device: { name: 'LAPTOP-42', osPlatform: 'Windows11' },
  sensitiveInfoTypes: [
    { name: 'Credit Card Number', count: 27, confidence: 'high' },
    ...Array.from({ length: 8 }, (_, i) => ({ name: `Type ${i}`, count: 1, confidence: 'low' })),
  ],
  destination: {
    recipients: ['a@fabrikam.example', 'b@fabrikam.example', 'c@fabrikam.example', 'd@x.example', 'e@x.example', 'f@x'],
    externalDomains: ['fabrikam.example'],
    scope: 'external',
  },
  policyOutcome: { action: 'blockedWithOverride', overridden: true, justification: 'Partner needs it' },
  comments: [
    { author: 'Sam Analyst', text: 'Looks real', createdAt: '2026-11-23T16:00:00Z' },
    { author: '', text: ' ', createdAt: '2026-11-23T15:00:00Z' },
  ],
  matchedContent: ['4111 1111 1111 1111'],
  portalUrl: 'https://security.microsoft.com/alerts/dl5a1b2c3d',
});

/** What a card shows that is the same in every language: the alert's data, names and ids. */
const DATA = [
  'Card numbers in Q1.xlsx',
  'Contoso PCI - External Sharing · Credit card numbers shared externally',
  'SharePoint · Contoso PCI - External Sharing · Credit card numbers shared externally',
  `ID: ${ALERT.id}`,
  'Lena Fischer (lena.fischer@contoso.example)',
  'Finance',
  'https://contoso.sharepoint.com/sites/finance/Q1.xlsx',
  'Q1.xlsx',
  'LAPTOP-42 (Windows11)',
  'Looks real',
  '4111 1111 1111 1111',
  'Sam Analyst',
  'Emma Analyst',
  'sam@contoso.example',
  '2',
];
/** Words a language spells as English does (the allow-list is per language, and short). */
const SAME_WORD: Record<string, string[]> = { de: ['Status', 'Phishing'], ja: [] };

/** Every state of the card a reader meets, drawn for one reader. */
function cards(i18n: Translator): Record<string, unknown> {
  const view = (extra: Partial<AlertCardView> = {}): AlertCardView => ({ actions: ALL, now: NOW, i18n, ...extra });
  const mine = { viewer: { id: SAM.id }, assignee: { id: SAM.id, displayName: 'Sam Analyst' } };
  return {
    summary: renderAlertCard(channelSummary(ALERT), {
      ...view({ actions: new Set<CardVerb>(['alert.refresh']), sla: SLA, shareLinks: SHARE_LINKS }),
    }),
    fullMine: renderAlertCard(ALERT, {
      ...view({ detail: 'full', showMatchedContent: true, sla: SLA, shareLinks: SHARE_LINKS, ...mine }),
      notice: { text: i18n.t('errors.stale'), tone: 'warning' },
    }),
    fullOthers: renderAlertCard(
      { ...ALERT, title: '', assignedTo: undefined, policyOutcome: { action: 'warned', overridden: false } },
      view({ detail: 'full', assigneeChoices: ASSIGNEES, sla: { ...SLA, high: 4 } }),
    ),
    notProvided: renderAlertCard(
      {
        ...ALERT,
        policyOutcome: undefined,
        destination: undefined,
        sensitiveInfoTypes: [],
        subject: { ...ALERT.subject, department: undefined },
        notProvided: ['policyOutcome', 'destination', 'department', 'sensitiveInfoTypes'],
      },
      view({ detail: 'full' }),
    ),
    resolved: renderAlertCard(
      { ...ALERT, status: 'resolved', classification: 'truePositive', determination: 'maliciousUserActivity' },
      view({ detail: 'full', sla: SLA }),
    ),
    device: renderAlertCard(
      {
        ...ALERT,
        policyOutcome: { action: 'blockedWithOverride', overridden: true },
        destination: { recipients: [], externalDomains: [], target: { kind: 'removableMedia', name: 'E:' } },
        sensitiveInfoTypes: [{ name: 'IBAN', count: 3, confidence: 'medium' }],
        notProvided: ['department'],
        subject: { ...ALERT.subject, department: undefined },
        message: { recipients: ['x@y.example', 'z@y.example'] },
      },
      view({ detail: 'full', now: new Date('2026-11-23T14:05:30Z'), sla: SLA }),
    ),
    auditOnly: renderAlertCard({ ...ALERT, policyOutcome: { action: 'auditOnly', overridden: false } }, view()),
    notOverridden: renderAlertCard(
      { ...ALERT, status: 'inProgress', policyOutcome: { action: 'blockedWithOverride', overridden: false } },
      view({ detail: 'full', sla: { ...SLA, high: 400 } }),
    ),
    overriddenSummary: renderAlertCard(channelSummary(ALERT), view({ actions: new Set<CardVerb>() })),
  };
}

/** The texts of the badge row (containers with a style). */
const badges = (card: unknown) =>
  nodesOfType(card, 'Container')
    .filter((c) => typeof c.style === 'string')
    .flatMap((c) => textsOf(c));

describe('the alert card in the reader’s language and zone', () => {
  const english = cards(messages.translator({ locale: 'en-US' }));

  for (const locale of ['de-DE', 'ja-JP']) {
    it(`${locale}: summary, full views with every verb, resolved, SLA, notice: valid 1.5, no English label left`, () => {
      const translated = cards(messages.translator({ locale, timeZone: 'Asia/Tokyo' }));
      const allowed = [...DATA, ...SAME_WORD[locale.slice(0, 2)]!];
      for (const [name, card] of Object.entries(translated)) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        assert.deepEqual(englishLeft(english[name], card, allowed), [], `${name} in ${locale}`);
      }
    });
  }

  for (const locale of ['fr-FR', 'es-ES']) {
    it(`${locale}: every state is valid 1.5 and its buttons are translated`, () => {
      const translated = cards(messages.translator({ locale }));
      for (const [name, card] of Object.entries(translated)) assert.deepEqual(validateAdaptiveCard(card), [], name);
      const titles = (card: unknown) => nodesOfType(card, 'Action.ShowCard').map((a) => a.title);
      assert.notDeepEqual(titles(translated.fullOthers), titles(english.fullOthers));
    });
  }

  it('German: badges, facts and the notice read German, dates in the reader’s zone and format', () => {
    const i18n = messages.translator({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    const card = cards(i18n).fullMine;
    assert.deepEqual(badges(card), ['Schweregrad: Hoch', 'SLA überschritten um 1 Std.', 'Ihnen zugewiesen']);
    const facts = factsOf(card);
    assert.equal(facts['Erkannt'], '23. Nov. 2026, 15:05 MEZ (vor 3 Std.)');
    assert.equal(facts['Zugewiesen an'], 'Sam Analyst (Sie)');
    assert.equal(facts['Status'], 'Neu');
    assert.equal(
      facts['Richtlinienaktion'],
      'Blockiert mit Außerkraftsetzung · vom Benutzer außer Kraft gesetzt: „Partner needs it“',
    );
    assert.equal(facts['Freigabe'], 'Extern · fabrikam.example');
    assert.ok(shownTexts(card).includes(i18n.t('errors.stale')));
  });

  it('Japanese: the SLA badge, the detection time in Asia/Tokyo, a resolved card', () => {
    const i18n = messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' });
    const all = cards(i18n);
    assert.deepEqual(badges(all.fullMine), ['重要度: 高', 'SLA 超過 1 時間', 'あなたに割り当て済み']);
    assert.deepEqual(badges(all.fullOthers), ['重要度: 高', 'SLA 期限まで 55 分']);
    assert.equal(factsOf(all.fullMine)['検出日時'], '2026年11月23日 23:05 JST (3 時間前)');
    assert.ok(textsOf(all.resolved).includes('解決済み · 真陽性'));
    assert.equal(
      (all.resolved as { fallbackText: string }).fallbackText,
      '重要度「高」の DLP アラート: Card numbers in Q1.xlsx',
    );
  });

  it('the share link’s expiry is in the reader’s zone', () => {
    const card = cards(messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' })).summary;
    assert.ok(
      textsOf(card).includes(
        '[共有された読み取り専用リンク](https://triage.contoso.example/share/abc) · 有効期限 2026年11月30日 23:05 JST',
      ),
      JSON.stringify(textsOf(card)),
    );
  });
});

const historyEntries: HistoryEntry[] = [
  {
    at: '2026-11-22T23:58:00.000Z',
    actor: SAM,
    action: 'alert.assign',
    alertId: ALERT.id,
    outcome: 'success',
    details: { assignee: EMMA },
  },
  {
    at: '2026-11-23T00:01:00.000Z',
    actor: SAM,
    action: 'alert.assign',
    alertId: ALERT.id,
    outcome: 'success',
    details: { assignee: SAM.id },
  },
  { at: '2026-11-23T00:02:00.000Z', actor: SAM, action: 'alert.comment', alertId: ALERT.id, outcome: 'success' },
  {
    at: '2026-11-23T14:02:00.000Z',
    actor: SAM,
    action: 'alert.classify',
    alertId: ALERT.id,
    outcome: 'success',
    details: { classification: 'truePositive', determination: 'maliciousUserActivity', resolved: true },
  },
  {
    at: '2026-11-23T14:03:00.000Z',
    actor: SAM,
    action: 'alert.classify',
    alertId: ALERT.id,
    outcome: 'success',
    details: { classification: 'falsePositive' },
  },
  {
    at: '2026-11-23T14:04:00.000Z',
    actor: SAM,
    action: 'alert.setStatus',
    alertId: ALERT.id,
    outcome: 'success',
    details: { to: 'inProgress' },
  },
  {
    at: '2026-11-23T14:04:10.000Z',
    actor: SAM,
    action: 'alert.reopen',
    alertId: ALERT.id,
    outcome: 'success',
    details: { to: 'new' },
  },
  { at: '2026-11-23T14:04:20.000Z', actor: SAM, action: 'alert.share', alertId: ALERT.id, outcome: 'success' },
  {
    at: '2026-11-23T14:04:30.000Z',
    actor: { id: 'x', name: 'link' },
    action: 'alert.share.view',
    alertId: ALERT.id,
    outcome: 'success',
  },
  { at: '2026-11-23T14:04:40.000Z', actor: SAM, action: 'alert.unshare', alertId: ALERT.id, outcome: 'success' },
  { at: '2026-11-23T14:04:50.000Z', actor: SAM, action: 'alert.investigate', alertId: ALERT.id, outcome: 'success' },
  {
    at: '2026-11-23T14:05:00.000Z',
    actor: SAM,
    action: 'alert.remediate',
    alertId: ALERT.id,
    outcome: 'success',
    details: { planId: 'p1', remediation: 'disableUser' },
  },
  {
    at: '2026-11-23T14:05:01.000Z',
    actor: SAM,
    action: 'alert.remediate.step',
    alertId: ALERT.id,
    outcome: 'success',
    details: {
      planId: 'p1',
      remediation: 'disableUser',
      stepId: '1',
      outcome: 'succeeded',
      description: 'Disable Lena',
    },
  },
  {
    at: '2026-11-23T14:05:02.000Z',
    actor: SAM,
    action: 'alert.remediate.confirm',
    alertId: ALERT.id,
    outcome: 'success',
    details: { planId: 'p1', remediation: 'disableUser', status: 'doneButExposed' },
  },
  {
    at: '2026-11-23T14:05:03.000Z',
    actor: SAM,
    action: 'alert.remediate.undo',
    alertId: ALERT.id,
    outcome: 'success',
    details: { planId: 'p1', remediation: 'disableUser', status: 'dryRun' },
  },
  {
    at: '2026-11-23T14:06:00.000Z',
    actor: 'system',
    action: 'delivery.updateAlert',
    alertId: ALERT.id,
    outcome: 'failed',
  },
  {
    at: '2026-11-23T14:07:00.000Z',
    actor: 'system',
    action: 'alert.remediate.notify',
    alertId: ALERT.id,
    outcome: 'failed',
  },
];
const names = new Map([
  [SAM.id, 'Sam Analyst'],
  [EMMA, 'Emma Analyst'],
]);

function historyCards(i18n: Translator): Record<string, unknown> {
  const draw = (entries: HistoryEntry[], showTargets: boolean, limit = 50) =>
    renderHistoryCard(ALERT, entries, { names, showTargets, limit, i18n });
  return {
    full: draw(historyEntries, true),
    noTargets: draw(historyEntries, false, historyEntries.length),
    empty: draw([], true),
  };
}

describe('the History card in the reader’s language and zone', () => {
  const english = historyCards(messages.translator({ locale: 'en-US' }));

  for (const locale of ['de-DE', 'ja-JP']) {
    it(`${locale}: valid 1.5, no English label left`, () => {
      const translated = historyCards(messages.translator({ locale, timeZone: 'Asia/Tokyo' }));
      for (const [name, card] of Object.entries(translated)) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        assert.deepEqual(englishLeft(english[name], card, [...DATA, '✓ Disable Lena']), [], `${name} in ${locale}`);
      }
    });
  }

  it('a ja-JP reader in Asia/Tokyo reads Tokyo days and times, in Japanese', () => {
    const texts = textsOf(historyCards(messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' })).full);
    assert.equal(texts[0], '履歴');
    const day = texts.filter((t) => /^\d{4}年/.test(t));
    assert.deepEqual(day, ['2026年11月23日'], 'UTC’s 22 and 23 Nov are one day in Tokyo');
    assert.ok(texts.includes('08:58 Sam Analyst が Emma Analyst に割り当てました'), texts.join('\n'));
    assert.ok(
      texts.includes('23:02 Sam Analyst が「真陽性 — 悪意のあるユーザー アクティビティ」に分類して解決しました'),
      texts.join('\n'),
    );
    assert.ok(texts.includes('23:06 DLP Triage はこのアラートに関する Teams メッセージを配信できませんでした'));
    assert.ok(texts.some((t) => t.startsWith('時刻は Asia/Tokyo です。')));
  });

  it('German: the lines read German, in the reader’s zone', () => {
    const i18n = messages.translator({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    const texts = textsOf(historyCards(i18n).full);
    assert.deepEqual(
      texts.filter((t) => /^\d{1,2}\. \w+/.test(t)),
      ['23. Nov. 2026'],
    );
    assert.ok(texts.includes('00:58 Sam Analyst hat sie Emma Analyst zugewiesen'), texts.join('\n'));
    assert.ok(
      texts.includes(
        '15:05 Sam Analyst hat „Benutzerkonto deaktivieren“ ausgeführt: erledigt, aber weiterhin offengelegt',
      ),
      texts.join('\n'),
    );
  });
});
