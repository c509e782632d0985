import { strict as assert } from 'node:assert';
import { CardRenderCache, nextMinuteMark } from '../../../bot/card-render-cache.js';
import type { AdaptiveCard } from '../../../cards/adaptive-card.js';

const T0 = Date.parse('2026-03-10T12:00:30.000Z');
const at = (ms: number) => new Date(T0 + ms);

/** A draw function that counts its calls and stamps each card with the call number. */
function drawer() {
  let calls = 0;
  const draw = (): AdaptiveCard => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [{ type: 'TextBlock', text: `#${++calls}` }],
  });
  return { draw, calls: () => calls };
}

describe('CardRenderCache', () => {
  it('keeps a card once its key is asked for a second time, then answers copies of it', () => {
    const cache = new CardRenderCache();
    const d = drawer();
    cache.card('k', at(0), [], d.draw);
    assert.equal(cache.size, 0, 'a key seen once is only noted');
    const second = cache.card('k', at(0), [], d.draw);
    assert.equal(cache.size, 1);
    const third = cache.card('k', at(1), [], d.draw);
    assert.equal(d.calls(), 2);
    assert.deepEqual(third, second);
    assert.notEqual(third, second, 'a copy');
    (third.body as unknown[]).push('changed by a caller');
    assert.deepEqual(cache.card('k', at(2), [], d.draw), second, 'what a caller does to its copy stays there');
  });

  it('never answers for another key, and does not cache without a key', () => {
    const cache = new CardRenderCache();
    const d = drawer();
    for (let i = 0; i < 3; i++) cache.card('a', at(0), [], d.draw);
    const b = cache.card('b', at(0), [], d.draw);
    assert.notDeepEqual(b, cache.card('a', at(0), [], d.draw));
    cache.card(undefined, at(0), [], d.draw);
    cache.card(undefined, at(0), [], d.draw);
    assert.equal(d.calls(), 5);
  });

  it('answers only while the relative times read the same: from the drawing to the next minute mark', () => {
    const cache = new CardRenderCache();
    const d = drawer();
    const created = ['2026-03-10T11:58:10.000Z']; // marks at :10 past each minute
    cache.card('k', at(0), created, d.draw);
    cache.card('k', at(0), created, d.draw); // kept, drawn at 12:00:30
    cache.card('k', at(39_999), created, d.draw);
    assert.equal(d.calls(), 2, 'until 12:01:09.999 the same card');
    cache.card('k', at(40_000), created, d.draw);
    assert.equal(d.calls(), 3, 'at 12:01:10 the age may read one minute more: drawn again');
    cache.card('k', at(40_000), created, d.draw);
    assert.equal(d.calls(), 3, 'and kept again at once (it had been kept before), for that very millisecond');
    cache.card('k', at(40_001), created, d.draw);
    cache.card('k', at(99_999), created, d.draw);
    assert.equal(
      d.calls(),
      4,
      'a count-down changes a millisecond after the mark: drawn again, then kept to 12:02:09.999',
    );
    cache.card('k', at(39_000), created, d.draw);
    assert.equal(d.calls(), 5, 'a clock reading before the drawing is not served either');
  });

  it('holds at most its limit of cards and of bytes, the least recently used going first', () => {
    const cache = new CardRenderCache(2);
    const d = drawer();
    const twice = (k: string) => [cache.card(k, at(0), [], d.draw), cache.card(k, at(0), [], d.draw)];
    twice('a');
    twice('b');
    cache.card('a', at(0), [], d.draw); // a used: b is the oldest
    twice('c');
    assert.equal(cache.size, 2);
    const before = d.calls();
    cache.card('a', at(0), [], d.draw);
    assert.equal(d.calls(), before, 'a is still there');
    cache.card('b', at(0), [], d.draw);
    assert.equal(d.calls(), before + 1, 'b was dropped');

    const small = new CardRenderCache(100, 400); // room for about four of these cards
    const s = drawer();
    for (const k of ['1', '2', '3', '4', '5', '6']) [0, 0].forEach(() => small.card(k, at(0), [], s.draw));
    assert.ok(small.size < 6 && small.size > 0, `bytes bound the size (${small.size})`);
  });
});

describe('nextMinuteMark', () => {
  it('is the first instant after `at` a whole number of minutes from any timestamp', () => {
    const at = Date.parse('2026-03-10T12:00:30.000Z');
    assert.equal(nextMinuteMark(at, []), at + 60_000);
    assert.equal(nextMinuteMark(at, ['2026-03-10T11:00:00.000Z']), Date.parse('2026-03-10T12:01:00.000Z'));
    assert.equal(
      nextMinuteMark(at, ['2026-03-10T11:00:00.000Z', '2026-03-09T08:17:45.250Z', undefined, 'not a date']),
      Date.parse('2026-03-10T12:00:45.250Z'),
    );
    assert.equal(nextMinuteMark(at, ['2026-03-10T12:05:40.000Z']), Date.parse('2026-03-10T12:00:40.000Z'), 'future');
    assert.equal(nextMinuteMark(at, ['2026-03-10T11:59:30.000Z']), at + 1, 'drawn right on a mark: that ms only');
  });
});
