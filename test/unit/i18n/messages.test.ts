import { strict as assert } from 'node:assert';
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, type MessageKey } from '../../../src/i18n/catalogue.js';
import { LANGUAGES } from '../../../src/i18n/languages.js';
import { Messages } from '../../../src/i18n/messages.js';
import { placeholdersOf } from '../../support/catalogue-check.js';

/** What intl-messageformat itself answers, with a formatter of its own (no cache of ours in between). */
const library = (language: string, message: string, values?: Record<string, string | number>) =>
  String(new IntlMessageFormat(message, language, undefined, { ignoreTag: true }).format(values));

/** Values for each placeholder of `message`: `text` for text (a number too), `n` for numbers, `other` for selects. */
function valuesFor(message: string, n: number, text: string | number): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const placeholder of placeholdersOf(message)) {
    const [name, kind] = placeholder.split(':') as [string, string];
    values[name] = kind === 'text' ? text : kind === 'select' ? 'other' : n;
  }
  return values;
}

describe('Messages.format: the fast paths answer what intl-messageformat answers', () => {
  it('for every message of every language, with text and numbers, asked for twice', () => {
    const messages = new Messages();
    let compared = 0;
    for (const language of LANGUAGES) {
      for (const [key, message] of Object.entries(CATALOGUES[language])) {
        for (const [n, text] of [
          [0, ''],
          [1, 'Sam <b>*x*</b> {y}'],
          [2, '渡辺'],
          [21, 'a'],
          [1234.5, '#'],
          [7, 7],
        ] as const) {
          const values = valuesFor(message, n, text);
          const expected = library(language, message, values);
          assert.equal(messages.format(language, key as MessageKey, values), expected, `${language} ${key} ${n}`);
          assert.equal(messages.format(language, key as MessageKey, values), expected, `${language} ${key} again`);
          compared++;
        }
        if (placeholdersOf(message).length === 0)
          assert.equal(messages.format(language, key as MessageKey), library(language, message));
      }
    }
    assert.ok(compared > 5 * 500, `${compared} messages compared`);
  });

  it('a counted message keeps each count apart, in each language', () => {
    const messages = new Messages();
    assert.equal(
      messages.format('en', 'alertCard.span.hours', { n: 1 }),
      library('en', CATALOGUES.en['alertCard.span.hours'], { n: 1 }),
    );
    assert.notEqual(
      messages.format('en', 'alertCard.span.hours', { n: 1 }),
      messages.format('en', 'alertCard.span.hours', { n: 5 }),
    );
    assert.match(messages.format('en', 'alertCard.span.hours', { n: 5 }), /5/);
    assert.match(messages.format('de', 'alertCard.span.hours', { n: 5 }), /5/);
  });

  it('a missing value is still the library’s error, not an empty text', () => {
    const plain = Object.entries(CATALOGUES.en).find(([, m]) => /^[^{}]*\{\w+\}[^{}]*$/.test(m));
    assert.ok(plain, 'the catalogue has a message with one plain placeholder');
    assert.throws(() => new Messages().format('en', plain[0] as MessageKey, {}), /value/i);
  });
});
