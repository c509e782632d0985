import { strict as assert } from 'node:assert';
import { renderInvestigationCard } from '../../../cards/investigation-card.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { textsOf } from '../../support/card-tree.js';
import { englishLeftWithCharts, everyText } from '../../support/chart-texts.js';
import { LONG_FILE, investigation } from './investigation-card-sample.js';
import { investigationCards, investigationData, reader } from './localized-card-sets.js';

describe('the investigation card in the reader’s language and zone', () => {
  const englishInvestigation = investigationCards(reader('en-US'));

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
  }

  for (const locale of ['fr-FR', 'es-ES']) {
    it(`${locale}: every investigation card is valid and its heading is translated`, () => {
      const cards = investigationCards(reader(locale));
      for (const [name, card] of Object.entries(cards))
        assert.deepEqual(validateAdaptiveCard(card), [], `${name} in ${locale}`);
      assert.notEqual(textsOf(cards.full)[0], textsOf(englishInvestigation.full)[0]);
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

  it('English stays as it was for the investigation’s labels', () => {
    const texts = everyText(englishInvestigation.full).join('\n');
    for (const part of ['Same incident (1)', 'Same user, last 30 days (1)', "The user's history", 'The query'])
      assert.ok(texts.includes(part), part);
    assert.ok(texts.includes('CloudAppEvents'));
    assert.ok(JSON.stringify(englishInvestigation.full).includes(LONG_FILE.slice(0, 30)));
  });
});
