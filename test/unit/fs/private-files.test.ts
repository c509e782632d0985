import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low } from 'lowdb';
import { PrivateJsonFile } from '../../../src/backends/local/private-json-file.js';
import { ensurePrivateDir } from '../../../src/fs/private-files.js';
import { useTempDir } from '../../support/unit-temp-dir.js';
import { modeOf } from '../../support/files.js';

describe('private files in DATA_DIR', () => {
  const tmp = useTempDir('private-files-');

  it('ensurePrivateDir creates missing folders 0700 and says whether the folder existed', async () => {
    const dir = path.join(tmp.path, 'a', 'b');
    assert.equal(await ensurePrivateDir(dir), false);
    assert.equal(await modeOf(dir), 0o700);
    assert.equal(await modeOf(path.dirname(dir)), 0o700);
    assert.equal(await ensurePrivateDir(dir), true);
  });

  it('lowdb through PrivateJsonFile: every write leaves a 0600 file with the data; an existing 0644 file is tightened on read', async () => {
    const file = path.join(tmp.path, 'tenant.json');
    const db = new Low<{ n: number }>(new PrivateJsonFile<{ n: number }>(file), { n: 0 });
    await db.read();
    db.data.n = 1;
    await db.write();
    assert.equal(await modeOf(file), 0o600);
    // A stale temp file from a crash, world-readable, must not lend its mode to the next write.
    await fs.writeFile(path.join(tmp.path, '.tenant.json.tmp'), 'x', { mode: 0o644 });
    await fs.chmod(path.join(tmp.path, '.tenant.json.tmp'), 0o644);
    db.data.n = 2;
    await Promise.all([db.write(), db.write()]);
    assert.equal(await modeOf(file), 0o600);
    assert.deepEqual(JSON.parse(await fs.readFile(file, 'utf8')), { n: 2 });
    assert.deepEqual((await fs.readdir(tmp.path)).sort(), ['tenant.json'], 'no temporary file left');

    await fs.chmod(file, 0o644);
    const again = new Low<{ n: number }>(new PrivateJsonFile<{ n: number }>(file), { n: 0 });
    await again.read();
    assert.equal(again.data.n, 2);
    assert.equal(await modeOf(file), 0o600);
  });
});
