import { strict as assert } from 'node:assert';
import { SharedViews } from '../../../bot/shared-views.js';

/*
 * Adversarial: what SharedViews keeps is bounded however many distinct views are asked for, and a view
 * asked for once is never kept (so a flood of one-off keys cannot pin card text).
 */

describe('SharedViews: bounded, and nothing kept from a key seen once', () => {
  const now = 1_000_000;

  it('a key pushed out of the seen list by many one-off keys must be asked twice again before it is kept', () => {
    const shared = new SharedViews(() => now);
    let renders = 0;
    const render = () => ({ n: ++renders });
    shared.view('a', render);
    for (let i = 0; i < 10_000; i++) shared.view(`one-off-${i}`, render);
    const afterFlood = renders;
    shared.view('a', render);
    shared.view('a', render);
    assert.equal(renders, afterFlood + 2, 'a was forgotten: its second ask after the flood is its first again');
    shared.view('a', render);
    assert.equal(renders, afterFlood + 2, 'and from then on it is kept');
  });

  it('ten thousand kept views later, the first is drawn again: the oldest go', () => {
    const shared = new SharedViews(() => now);
    let renders = 0;
    const render = () => ({ n: ++renders });
    for (let i = 0; i < 10_000; i++) {
      shared.view(`k${i}`, render);
      shared.view(`k${i}`, render);
    }
    const before = renders;
    shared.view('k0', render);
    assert.equal(renders, before + 1);
    shared.view('k9999', render);
    assert.equal(renders, before + 1, 'the newest is still kept');
  });

  it('a render that throws keeps nothing and answers nothing', () => {
    const shared = new SharedViews(() => now);
    const boom = () => {
      throw new Error('no card');
    };
    assert.throws(() => shared.view('x', boom), /no card/);
    assert.throws(() => shared.view('x', boom), /no card/);
    assert.equal(shared.view('x', () => ({ ok: true })).text, '{"ok":true}');
  });
});
