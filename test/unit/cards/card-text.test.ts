import { strict as assert } from 'node:assert';
import { md } from '../../../cards/card-text.js';

describe('md: data cannot become Teams markup', () => {
  it('escapes links, emphasis, code, tags and leading list or heading markers', () => {
    assert.equal(
      md('[x](https://e.example) **b** `c` <at>A</at> ~s~'),
      '\\[x\\](https://e.example) \\*\\*b\\*\\* \\`c\\` \\<at\\>A\\</at\\> \\~s\\~',
    );
    assert.equal(md('# h'), '\\# h');
    assert.equal(md('- item'), '\\- item');
    assert.equal(md('1. one'), '1\\. one');
    assert.equal(md('a\\b'), 'a\\\\b');
  });
});
