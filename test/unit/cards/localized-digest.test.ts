import { strict as assert } from 'node:assert';
import { renderDigestCard } from '../../../cards/digest-card.js';
import { buildDigest } from '../../../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../../../src/triage/digest/digest-rules.js';
import type { DigestView } from '../../../src/triage/digest/digest-view.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { chartsOf } from '../../support/card-charts.js';
import { nodesOfType, textsOf, type CardNode } from '../../support/card-tree.js';
import { chartTexts, englishLeftWithCharts, everyText } from '../../support/chart-texts.js';
import { NOW, digestSample, view } from './digest-card-sample.js';
import { digestCards, digestData, reader } from './localized-card-sets.js';

describe('the digest card in the reader’s language, its day and times in its own zone', () => {
  const englishDigest = digestCards(reader('en-US'));

  for (const [locale, zone] of [
    ['de-DE', 'Europe/Berlin'],
    ['ja-JP', 'Asia/Tokyo'],
  ] as const) {
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
    it(`${locale}: every digest card is valid and its heading is translated`, () => {
      const cards = digestCards(reader(locale));
      for (const [name, card] of Object.entries(cards))
        assert.deepEqual(validateAdaptiveCard(card), [], `${name} in ${locale}`);
      assert.notEqual(textsOf(cards.full)[0], textsOf(englishDigest.full)[0]);
    });
  }

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

  it('English stays as it was for the digest’s lead numbers', () => {
    const digest = everyText(englishDigest.personal);
    assert.ok(digest.includes('9 d 4 h') && digest.includes('past SLA') && digest.includes('Open oldest'));
  });
});
