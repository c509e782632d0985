import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { linesBackward } from '../../../src/audit/lines-backward.js';
import { useTempDir } from '../../support/unit-temp-dir.js';

describe('linesBackward (reading a file from its end in chunks)', () => {
  const tmp = useTempDir('lines-backward-');

  async function backward(content: string, chunkSize: number) {
    const file = path.join(tmp.path, 'f');
    await fs.writeFile(file, content);
    const handle = await fs.open(file, 'r');
    try {
      const out: [string, boolean][] = [];
      for await (const { bytes, complete } of linesBackward(handle, (await handle.stat()).size, chunkSize))
        out.push([bytes.toString('utf8'), complete]);
      return out;
    } finally {
      await handle.close();
    }
  }

  it('yields every line last to first, at any chunk size, multi-byte characters split across chunks included', async () => {
    const lines = ['{"a":1}', '', 'zwei – ü', 'x'.repeat(50), '€€€', 'end'];
    const content = lines.join('\n') + '\n';
    for (let chunk = 1; chunk <= 70; chunk++) {
      assert.deepEqual(
        await backward(content, chunk),
        [...lines].reverse().map((l) => [l, true]),
        `chunk ${chunk}`,
      );
    }
  });

  it('yields the bytes after the last newline first, as incomplete; a file without newline is all tail; an empty file yields nothing', async () => {
    assert.deepEqual(await backward('a\nb\ntor', 2), [
      ['tor', false],
      ['b', true],
      ['a', true],
    ]);
    assert.deepEqual(await backward('only', 3), [['only', false]]);
    assert.deepEqual(await backward('', 3), []);
    assert.deepEqual(await backward('\n', 3), [['', true]]);
  });
});
