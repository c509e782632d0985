import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../../../src/logger.js';
import { openFileState } from '../../../../src/state/file/open-file-state.js';
import { systemClock } from '../../../../src/triage/ports.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';

const log = createLogger('silent');
/** The files this process has open in `dir` (Linux: /proc/self/fd). */
async function openFilesIn(dir: string): Promise<string[]> {
  const links = await Promise.all(
    (await fs.readdir('/proc/self/fd')).map((fd) => fs.readlink(`/proc/self/fd/${fd}`).catch(() => '')),
  );
  return links.filter((target) => target.startsWith(dir + path.sep)).sort();
}

describe('openFileState', () => {
  const tmp = useTempDir('file-state-');
  const write = (file: string, records: unknown[]) =>
    fs.writeFile(path.join(tmp.path, file), records.map((r) => JSON.stringify(r) + '\n').join(''));

  it('reads a DATA_DIR an earlier version wrote: same files, same records', async () => {
    const chat = { userId: 'MIA-ID', conversationId: 'a:1', serviceUrl: 'https://smba.example/', tenantId: 't' };
    const rules = [{ channelId: 'c1', text: 'policy=credit', conditions: { policy: 'credit' } }];
    await write('ingest.jsonl', [{ k: 'watermark', v: '2026-03-10T11:00:00.1234567Z' }]);
    await write('personal-chats.jsonl', [{ k: 'mia-id', v: chat }]);
    await write('routes.jsonl', [
      { k: 'rules', v: [] },
      { k: 'rules', v: rules },
    ]);
    await write('outbox.jsonl', [
      { k: 'dm:1', v: { id: 'dm:1', seq: 7, enqueuedAt: 1, kind: 'personalMessage', userId: 'u', message: {} } },
      { k: 'dm:2', v: { id: 'dm:2', seq: 8, enqueuedAt: 1, kind: 'personalMessage', userId: 'u', message: {} } },
      { k: 'dm:1', d: 1 },
    ]);
    const state = await openFileState(tmp.path, systemClock, log);
    try {
      assert.equal(await state.watermark.get(), '2026-03-10T11:00:00.1234567Z');
      assert.deepEqual(await state.personalChats.get('mia-id'), chat);
      assert.deepEqual(await state.channels.routes(), rules);
      const items = await state.outbox.list();
      assert.deepEqual(
        items.map((i) => [i.id, i.seq, i.attempts, i.notBefore]),
        [['dm:2', 8, 0, 0]],
      );
      assert.deepEqual(await state.channels.listChannels(), []);
    } finally {
      await state.close();
    }
  });

  // routes.jsonl is the second file of one repository (channels.jsonl is already open by then).
  for (const file of ['outbox.jsonl', 'channels.jsonl', 'routes.jsonl', 'digest-subscriptions.jsonl']) {
    it(`${file} unreadable: the open stops, naming file and line, and leaves no file open`, async () => {
      await write(file, [{ k: 'x', v: 5 }]);
      const named = new RegExp(`${file.replace('.', '\\.')}:1 is not a valid journal record`);
      await assert.rejects(openFileState(tmp.path, systemClock, log), named);
      assert.deepEqual(await openFilesIn(tmp.path), []);
    });
  }

  it('after close, writes reject and change nothing; closing again is harmless', async () => {
    const state = await openFileState(tmp.path, systemClock, log);
    await state.watermark.set('2026-03-10T11:00:00Z');
    await state.close();
    await assert.rejects(state.watermark.set('2026-03-10T12:00:00Z'), /closed/);
    await state.close();
    const again = await openFileState(tmp.path, systemClock, log);
    try {
      assert.equal(await again.watermark.get(), '2026-03-10T11:00:00Z');
    } finally {
      await again.close();
    }
  });

  it('close releases every file it opened', async () => {
    const state = await openFileState(tmp.path, systemClock, log);
    assert.ok((await openFilesIn(tmp.path)).includes(path.join(tmp.path, 'outbox.jsonl')), 'the journals are open');
    await state.close();
    assert.deepEqual(await openFilesIn(tmp.path), []);
  });
});
