import { strict as assert } from 'node:assert';
import { holdsJsonText, jsonBody, JsonText } from '../../../src/http/json-text.js';

/*
 * Adversarial: jsonBody splices pre-serialised card text into the invoke answer. Whatever the card or the
 * rest of the body holds (text shaped like the placeholder, NUL, line separators, lone surrogates,
 * replacement patterns), the result must be exactly what JSON.stringify writes for the parsed card.
 */

const NASTY = [
  '\u0000',
  '\u0000AAAAAAAAAAAA:0',
  '"\\u0000AAAAAAAAAAAA:0"',
  '\u2028\u2029',
  '\ud800 lone high, lone low \udfff',
  "$& $' $` $1 $<n> $$",
  '</script><!--',
  '日本語 😀',
];

const cardWith = (texts: string[]) => ({
  type: 'AdaptiveCard',
  version: '1.5',
  body: texts.map((text) => ({ type: 'TextBlock', text })),
});

describe('jsonBody: the splice writes what JSON.stringify would, whatever the texts hold', () => {
  it('a card holding every nasty text, next to siblings holding them too', () => {
    const card = cardWith(NASTY);
    const body = { statusCode: 200, type: NASTY.join(' '), value: new JsonText(JSON.stringify(card)) };
    const out = jsonBody(body);
    assert.equal(out, JSON.stringify({ ...body, value: card }));
    assert.deepEqual(JSON.parse(out).value, card);
  });

  it('a sibling string shaped like a placeholder stays a string', () => {
    const card = cardWith(['x']);
    for (let i = 0; i < 50; i++) {
      const body = { a: `\u0000${'A'.repeat(12)}:0`, value: new JsonText(JSON.stringify(card)) };
      assert.deepEqual(JSON.parse(jsonBody(body)), { a: body.a, value: card });
    }
  });

  it('several JsonTexts, and one nested deeper (serialised through toJSON), each in its place', () => {
    const cards = [cardWith(['one']), cardWith(['two $1']), cardWith(['three'])];
    const body = {
      first: new JsonText(JSON.stringify(cards[0])),
      second: new JsonText(JSON.stringify(cards[1])),
      deep: { inner: new JsonText(JSON.stringify(cards[2])) },
    };
    assert.deepEqual(JSON.parse(jsonBody(body)), { first: cards[0], second: cards[1], deep: { inner: cards[2] } });
  });

  it('a large card is spliced whole', () => {
    const card = cardWith(['x'.repeat(2_000_000), '\u2028'.repeat(10_000)]);
    const body = { statusCode: 200, value: new JsonText(JSON.stringify(card)) };
    assert.equal(jsonBody(body), JSON.stringify({ statusCode: 200, value: card }));
  });

  it('holdsJsonText looks at own top-level values only', () => {
    assert.equal(holdsJsonText({ value: new JsonText('{}') }), true);
    assert.equal(holdsJsonText({ value: { inner: new JsonText('{}') } }), false);
    assert.equal(holdsJsonText(undefined), false);
    assert.equal(holdsJsonText('text'), false);
  });
});
