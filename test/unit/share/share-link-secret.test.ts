import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { shareLinkSecret } from '../../../src/share/share-link-secret.js';
import { useTempDir } from '../../support/unit-temp-dir.js';

/** A logger whose lines the test can read. */
function capturedLog() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d) => (text += String(d)));
  return { log: createLogger('debug', stream), text: () => text };
}

describe('shareLinkSecret', () => {
  const tmp = useTempDir('share-secret-');

  it('local mode without SHARE_LINK_SECRET: 32 random bytes in DATA_DIR/share-link-secret (0600), reused on restart, never logged', async () => {
    const config = loadConfig({ DATA_DIR: tmp.path });
    const { log, text } = capturedLog();
    const first = await shareLinkSecret(config, tmp.path, log);
    assert.equal(first.length, 32);
    const file = path.join(tmp.path, 'share-link-secret');
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    const again = await shareLinkSecret(config, tmp.path, log);
    assert.ok(again.equals(first), 'the same key after a restart');
    const other = await shareLinkSecret(
      loadConfig({ DATA_DIR: tmp.path }),
      await fs.mkdtemp(path.join(tmp.path, 'x-')),
      log,
    );
    assert.ok(!other.equals(first), 'another data dir, another key');
    await new Promise((r) => setImmediate(r));
    for (const encoding of ['base64url', 'hex', 'base64'] as const)
      assert.ok(!text().includes(first.toString(encoding)));
    assert.match(text(), /generated the share link key/);
  });

  it('tightens a key file others can read', async () => {
    const config = loadConfig({ DATA_DIR: tmp.path });
    const { log, text } = capturedLog();
    const key = await shareLinkSecret(config, tmp.path, log);
    const file = path.join(tmp.path, 'share-link-secret');
    await fs.chmod(file, 0o644);
    assert.ok((await shareLinkSecret(config, tmp.path, log)).equals(key));
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
    await new Promise((r) => setImmediate(r));
    assert.match(text(), /made it 0600/);
  });

  it('SHARE_LINK_SECRET wins and no file is written', async () => {
    const secret = 'k'.repeat(40);
    const key = await shareLinkSecret(
      loadConfig({ DATA_DIR: tmp.path, SHARE_LINK_SECRET: secret }),
      tmp.path,
      capturedLog().log,
    );
    assert.equal(key.toString('utf8'), secret);
    await assert.rejects(fs.stat(path.join(tmp.path, 'share-link-secret')));
  });

  it('refuses a damaged key file with a message naming it (not its content)', async () => {
    const file = path.join(tmp.path, 'share-link-secret');
    await fs.writeFile(file, 'short\n', { mode: 0o600 });
    await assert.rejects(
      shareLinkSecret(loadConfig({ DATA_DIR: tmp.path }), tmp.path, capturedLog().log),
      (e: Error) => {
        assert.ok(e.message.includes(file) && !e.message.includes('short'));
        return true;
      },
    );
  });
});
