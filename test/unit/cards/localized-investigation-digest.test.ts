import { strict as assert } from 'node:assert';
import { renderDigestCard } from '../../../cards/digest-card.js';
import { renderInvestigatingCard, renderInvestigationCard } from '../../../cards/investigation-card.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { buildDigest } from '../../../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../../../src/triage/digest/digest-rules.js';
import type { DigestView } from '../../../src/triage/digest/digest-view.js';
import { summarise } from '../../../src/triage/investigation/investigation.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { chartsOf } from '../../support/card-charts.js';
import { nodesOfType, textsOf, type CardNode } from '../../support/card-tree.js';
import { chartTexts, englishLeftWithCharts, everyText } from '../../support/chart-texts.js';
import { DAY, alertAged, scoped } from '../../support/digest-fixtures.js';
import { NOW, digestSample, view } from './digest-card-sample.js';
import { LONG_FILE, events, investigation, kql } from './investigation-card-sample.js';

const messages = new Messages();
const reader = (locale: string, timeZone?: string) => messages.translator({ locale, timeZone });

/** Every state of the investigation card, and the waiting card, for one reader. */
function investigationCards(i18n: Translator): Record<string, unknown> {
  const failing = investigation({
    activity: { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 30 },
    problems: [{ part: 'userAlerts' }, { part: 'incidentAlerts', code: 'forbidden' }, { part: 'fileAlerts' }],
  });
  return {
    full: renderInvestigationCard(investigation(), i18n),
    dlpEvent: renderInvestigationCard(
      investigation({
        activity: {
          kind: 'events',
          summary: summarise(
            [...events, { ...events[0]!, actionType: 'FileUploaded', dlpEnforcement: 'warnOverridden' }],
            40,
          ),
        },
      }),
      i18n,
    ),
    notRecorded: renderInvestigationCard(investigation({ activity: { kind: 'notRecorded' } }), i18n),
    noUser: renderInvestigationCard(investigation({ activity: { kind: 'noUser' }, history: undefined }), i18n),
    noEvents: renderInvestigationCard(investigation({ activity: { kind: 'events', summary: summarise([], 0) } }), i18n),
    failing: renderInvestigationCard(failing, i18n),
    timedOut: renderInvestigationCard(investigation({ activity: { kind: 'unavailable', reason: 'timeout' } }), i18n),
    waiting: renderInvestigatingCard('dl-inv-1', '29:sam', i18n),
  };
}

/** The digest card full (a channel's, with its buttons), quiet, with nothing open, and with no classified policy. */
function digestCards(i18n: Translator): Record<string, unknown> {
  const { alerts } = digestSample();
  return {
    full: renderDigestCard(view(alerts, { channelId: '19:emea@thread.tacv2' }), i18n),
    personal: renderDigestCard(view(alerts), i18n),
    quiet: renderDigestCard(view([scoped(alertAged(NOW, 3 * DAY, { severity: 'high' }))]), i18n),
    nothingOpen: renderDigestCard(view([]), i18n),
    unclassified: renderDigestCard(view(alerts.filter((s) => s.alert.status !== 'resolved')), i18n),
    noGrant: renderDigestCard(
      view([], { scope: { kind: 'none' }, scopeLabel: 'no alerts (you hold no grant that shows alerts)' }),
      i18n,
    ),
  };
}

/** Data on the investigation card, the same in every language: titles, names, files, apps, the KQL. */
const INVESTIGATION_DATA = new Set([
  'Priya \\[Finance\\] · SharePoint',
  'AnonymousLinkCreated ×1, FileDownloaded ×1',
  'FileUploaded ×1, AnonymousLinkCreated ×1, FileDownloaded ×1',
  'Microsoft OneDrive for Business ×2',
  'Microsoft OneDrive for Business ×3',
  'BR, DE',
  '198\\.51.100.7',
]);
const investigationData = (t: string) => INVESTIGATION_DATA.has(t) || t.includes('CloudAppEvents');

/** Data on the digest: policy, unit and assignee names. */
const DIGEST_DATA = new Set([
  'Policy A',
  'GDPR',
  '\\*Bold\\* \\[PCI\\](x)',
  '*Bold* [PCI](x)',
  'Emma Analyst',
  'sam@contoso.example',
]);
const DIGEST_UNITS = ['EMEA', 'APAC', 'Americas'];
const digestData = (t: string) => DIGEST_DATA.has(t) || DIGEST_UNITS.includes(t);

describe('the investigation and digest cards in the reader’s language and zone', () => {
  const englishInvestigation = investigationCards(reader('en-US'));
  const englishDigest = digestCards(reader('en-US'));

  for (const [locale, zone] of [
    ['de-DE', 'Europe/Berlin'],
    ['ja-JP', 'Asia/Tokyo'],
  ] as const) {
    it(`${locale}: every investigation card is valid Adaptive Card 1.5 and no English label is left`, () => {
      const translated = investigationCards(reader(locale, zone));
      for (const [name, card] of Object.entries(translated)) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        const left = englishLeftWithCharts(englishInvestigation[name], card, investigationData);
        assert.deepEqual(left, [], `investigation ${name} in ${locale}`);
      }
    });

    it(`${locale}: every digest card (full, quiet, nothing open) is valid and no English label is left, charts included`, () => {
      const translated = digestCards(reader(locale, zone));
      for (const [name, card] of Object.entries(translated)) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        const left = englishLeftWithCharts(englishDigest[name], card, digestData);
        assert.deepEqual(left, [], `digest ${name} in ${locale}`);
      }
    });
  }

  for (const locale of ['fr-FR', 'es-ES']) {
    it(`${locale}: both cards are valid and their headings are translated`, () => {
      const i18n = reader(locale);
      for (const [name, card] of [...Object.entries(investigationCards(i18n)), ...Object.entries(digestCards(i18n))]) {
        assert.deepEqual(validateAdaptiveCard(card), [], `${name} in ${locale}`);
      }
      const heading = (card: unknown) => textsOf(card)[0];
      assert.notEqual(heading(investigationCards(i18n).full), heading(englishInvestigation.full));
      assert.notEqual(heading(digestCards(i18n).full), heading(englishDigest.full));
    });
  }

  it('German investigation: the sections, the problem lines, the DLP match and the history read German', () => {
    const card = investigationCards(reader('de-DE', 'Europe/Berlin'));
    const texts = everyText(card.full).join('\n');
    for (const part of ['Untersuchung · ', 'Gleicher Vorfall (1)', 'Verlauf des Benutzers', 'Beweise', 'Die Abfrage'])
      assert.ok(texts.includes(part), `${part}\n---\n${texts}`);
    assert.match(texts, /ungewöhnlich für diesen Benutzer/);
    assert.match(texts, /2 falsch positiv/);
    const failing = everyText(card.failing).join('\n');
    assert.match(failing, /Die Warnungen des Benutzers konnten gerade nicht gelesen werden\./);
    assert.match(failing, /Erneut versuchen in 30 s/);
    assert.match(everyText(card.dlpEvent).join('\n'), /DLP-Treffer \(gewarnt, außer Kraft gesetzt\) · FileUploaded/);
  });

  it('times on the investigation are in the reader’s zone: Tokyo for a ja-JP reader in Asia/Tokyo', () => {
    const card = renderInvestigationCard(investigation(), reader('ja-JP', 'Asia/Tokyo'));
    const texts = textsOf(card);
    const window = texts.find((t) => t.startsWith('アラート前後のアクティビティ'));
    assert.equal(window, 'アラート前後のアクティビティ (2026/3/10 17時00分～22時00分(JST))', texts.join('\n'));
    assert.ok(
      texts.some((t) => t.startsWith('3月10日 19:01 · FileDownloaded')),
      texts.join('\n'),
    );
    assert.ok(
      texts.some((t) => t.startsWith('3月10日 19:05 · AnonymousLinkCreated')),
      texts.join('\n'),
    );
    assert.ok(
      texts.some((t) => t.includes('(2026/02/01)')),
      'the history’s latest outcome, dated in Japanese',
    );
    // ICU puts narrow and thin spaces in English times ("8:00\u202fAM\u2009–\u20091:00\u202fPM").
    const english = textsOf(renderInvestigationCard(investigation(), reader('en-US'))).map((t) =>
      t.replace(/[\u202f\u2009]/g, ' '),
    );
    assert.ok(english.includes('Activity around the alert (Mar 10, 2026, 8:00 AM – 1:00 PM UTC)'), english.join('\n'));
  });

  it('the digest’s day and time are the subscription’s zone, in the reader’s words (Tokyo, Japanese)', () => {
    const { alerts } = digestSample();
    const tokyo = {
      ...view(alerts),
      digest: buildDigest(alerts, NOW, 'Asia/Tokyo', { kind: 'unrestricted' }, DEFAULT_SLA_HOURS),
    };
    const card = renderDigestCard(tokyo, reader('ja-JP', 'Europe/Berlin'));
    const [title, subtitle] = textsOf(card);
    assert.equal(title, 'DLP ダイジェスト · 3月10日(火)');
    assert.equal(subtitle, 'すべての管理単位 · 16:00 Asia/Tokyo 時点');
    const line = chartsOf(card).find((c) => c.type === 'Chart.Line')!;
    assert.deepEqual(
      (line.data as { values: { x: string }[] }[])[0]!.values.map((p) => p.x),
      ['3/4(水)', '3/5(木)', '3/6(金)', '3/7(土)', '3/8(日)', '3/9(月)', '3/10(火)'],
    );
  });

  it('German digest: lead numbers, durations, charts and their fallback tables are German', () => {
    const card = renderDigestCard(view(digestSample().alerts), reader('de-DE', 'Europe/Berlin'));
    const texts = textsOf(card, { facts: true });
    assert.equal(texts[0], 'DLP-Tagesübersicht · Di., 10. März');
    assert.ok(texts.includes('9 Tg. 4 Std.'), texts.join('\n'));
    assert.ok(texts.includes('SLA überschritten'), texts.join('\n'));
    const charts = chartTexts(card);
    assert.ok(charts.includes('Offene Warnungen nach Schweregrad'), charts.join('\n'));
    assert.ok(charts.includes('Hoch'), charts.join('\n'));
    const fallbackTexts = chartsOf(card).flatMap((c) => textsOf(c.fallback));
    for (const t of ['Offene Warnungen nach Schweregrad', 'Schweregrad', 'Offen', 'Hoch', 'Tag', 'Neu', 'Aufgelöst'])
      assert.ok(fallbackTexts.includes(t), `${t} in the fallbacks\n---\n${fallbackTexts.join('\n')}`);
    const headers = nodesOfType(card, 'Table').map((t) => textsOf((t.rows as CardNode[])[0]));
    assert.deepEqual(headers, [
      ['Schweregrad', 'Offen'],
      ['Tag', 'Neu', 'Aufgelöst'],
      ['Richtlinie', 'Warnungen', 'Falsch positiv'],
    ]);
  });

  it('the scope in words: units as a list in the reader’s language; a digest queued without it keeps its English label', () => {
    const de = reader('de-DE');
    const subtitle = (extra: Partial<DigestView>) => textsOf(renderDigestCard(view([], extra), de))[1];
    assert.match(
      String(subtitle({ scope: { kind: 'units', names: ['EMEA', 'APAC *1*'] } })),
      /^Verwaltungseinheit EMEA und APAC \\\*1\\\* · Stand /,
    );
    assert.match(String(subtitle({ scope: undefined, scopeLabel: 'AU [EMEA]' })), /^AU \\\[EMEA\\\] · Stand /);
  });

  it('English stays as it was for the investigation’s labels and the digest’s lead numbers', () => {
    const texts = everyText(englishInvestigation.full).join('\n');
    for (const part of ['Same incident (1)', 'Same user, last 30 days (1)', "The user's history", 'The query'])
      assert.ok(texts.includes(part), part);
    assert.ok(
      texts.includes(kql.split('\n')[0]!.replace(/[\\`*_~[\]<>]/g, '\\$&')) || texts.includes('CloudAppEvents'),
    );
    assert.ok(JSON.stringify(englishInvestigation.full).includes(LONG_FILE.slice(0, 30)));
    const digest = everyText(englishDigest.personal);
    assert.ok(digest.includes('9 d 4 h') && digest.includes('past SLA') && digest.includes('Open oldest'));
  });
});
