import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import { GENESIS } from '../../../../src/audit/audit-chain.js';
import { FileAuditLog } from '../../../../src/state/file/file-audit-log.js';
import { verifyAuditLog } from '../../../../src/audit/audit-verify.js';
import type { AuditRecord, Clock } from '../../../../src/triage/ports.js';
import { TriageError } from '../../../../src/triage/triage-error.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';
import { readLines } from '../../../support/files.js';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const record = (alertId: string, n: number): AuditRecord => ({
  actor: { id: 'u1', name: 'Sam Analyst' },
  action: 'alert.comment',
  alertId,
  outcome: 'success',
  details: { n },
});

describe('FileAuditLog: hash chain, verify, reading from the end', () => {
  const tmp = useTempDir('audit-log-');
  let ms: number;
  const clock: Clock = { now: () => new Date(ms) };
  const file = () => path.join(tmp.path, 'audit.jsonl');
  const lines = () => readLines(file());
  const writeLines = (ls: string[]) => fs.writeFile(file(), ls.join('\n') + '\n');
  /** A log with `n` entries about alerts a0..a2, one second apart. */
  const filled = async (n: number) => {
    const log = await FileAuditLog.open(tmp.path, clock);
    for (let i = 0; i < n; i++) {
      ms = T0 + i * 1000;
      await log.append(record(`a${i % 3}`, i));
    }
    return log;
  };

  beforeEach(() => {
    ms = T0;
  });
  afterEach(() => sinon.restore());

  it('each entry carries the SHA-256 of the exact previous line (GENESIS before the first) and the time of the injected clock; the file is 0600', async () => {
    const log = await filled(3);
    const stored = await lines();
    assert.equal(stored.length, 3);
    assert.equal(JSON.parse(stored[0]!).prev, GENESIS);
    assert.equal(GENESIS, '0'.repeat(64));
    assert.equal(JSON.parse(stored[1]!).prev, sha(stored[0]!));
    assert.equal(JSON.parse(stored[2]!).prev, sha(stored[1]!));
    assert.deepEqual(
      stored.map((l) => JSON.parse(l).at),
      ['2026-11-23T10:00:00.000Z', '2026-11-23T10:00:01.000Z', '2026-11-23T10:00:02.000Z'],
    );
    assert.equal((await fs.stat(file())).mode & 0o777, 0o600);
    // Concurrent appends chain in call order; a reopened log chains on from the last line.
    await Promise.all([log.append(record('a9', 10)), log.append(record('a9', 11))]);
    const reopened = await FileAuditLog.open(tmp.path, clock);
    await reopened.append(record('a9', 12));
    const all = await lines();
    for (let i = 1; i < all.length; i++) assert.equal(JSON.parse(all[i]!).prev, sha(all[i - 1]!), `line ${i + 1}`);
    assert.deepEqual(
      all.slice(3).map((l) => JSON.parse(l).details.n),
      [10, 11, 12],
    );
    assert.deepEqual(await verifyAuditLog(file()), { ok: true, entries: 6, head: sha(all[5]!), notes: [] });
  });

  it('an existing world-readable audit.jsonl is made 0600 on open', async () => {
    await fs.writeFile(file(), '', { mode: 0o644 });
    await fs.chmod(file(), 0o644);
    await FileAuditLog.open(tmp.path, clock);
    assert.equal((await fs.stat(file())).mode & 0o777, 0o600);
  });

  it('verify names the first broken entry: an edited, a deleted, a reordered, an inserted line, and a removed first entry', async () => {
    await filled(5);
    const good = await lines();
    const cases: [string, string[], number, RegExp][] = [
      [
        'edited',
        good.map((l, i) => (i === 1 ? l.replace('"n":1', '"n":7') : l)),
        3,
        /does not chain from line 2: line 2 was changed/,
      ],
      ['deleted', good.filter((_, i) => i !== 2), 3, /does not chain from line 2/],
      ['reordered', [good[0]!, good[2]!, good[1]!, good[3]!, good[4]!], 2, /does not chain from line 1/],
      ['inserted', [...good.slice(0, 2), good[1]!, ...good.slice(2)], 3, /does not chain from line 2/],
      ['first removed', good.slice(1), 1, /the first entry does not start the chain/],
      ['not an entry', good.map((l, i) => (i === 3 ? '{"hello":"world"}' : l)), 4, /not an audit entry/],
      [
        'replaced by junk',
        good.map((l, i) => (i === 1 ? 'junk' : l)),
        2,
        /does not chain past line 2, which is not an entry/,
      ],
    ];
    for (const [name, content, line, what] of cases) {
      await writeLines(content);
      const report = await verifyAuditLog(file());
      assert.equal(report.ok, false, name);
      assert.equal(report.problem?.line, line, name);
      assert.match(report.problem!.what, what, name);
    }
  });

  it('a torn tail is reported as such, not as tampering; on open the chain goes on from the last complete entry', async () => {
    await filled(3);
    const partial = JSON.stringify({ at: 'x', actor: 'system', action: 'alert.share' }).slice(0, 30);
    await fs.appendFile(file(), partial);
    const torn = await verifyAuditLog(file());
    assert.equal(torn.ok, true);
    assert.equal(torn.entries, 3);
    assert.match(torn.notes.join('\n'), /line 4: torn tail/);

    const log = await FileAuditLog.open(tmp.path, clock);
    await log.append(record('a1', 99));
    const stored = await lines();
    assert.equal(stored[3], partial, 'the torn bytes are kept, ended by a newline');
    const recovered = JSON.parse(stored[4]!);
    assert.equal(recovered.action, 'audit.recovered');
    assert.equal(recovered.prev, sha(stored[2]!), 'chained from the last complete entry');
    assert.deepEqual(recovered.details, { tornLines: 1, tornSha256: [sha(partial)] });
    assert.equal(JSON.parse(stored[5]!).prev, sha(stored[4]!));
    const after = await verifyAuditLog(file());
    assert.equal(after.ok, true);
    assert.equal(after.entries, 5);
    assert.match(
      after.notes.join('\n'),
      /line 4: an incomplete entry \(a write interrupted by a crash\), skipped by the chain/,
    );
    assert.deepEqual(
      (await log.forAlert('a1')).map((e) => e.details?.n),
      [1, 99],
    );
  });

  it('a write that fails part-way (disk full) rejects; the next append recovers the chain first', async () => {
    const log = await filled(2);
    const real = fs.appendFile.bind(fs);
    const stub = sinon.stub(fs, 'appendFile').callsFake(async (file, data, options) => {
      stub.restore();
      await real(file as string, String(data).slice(0, 25), options as { mode: number });
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    });
    await assert.rejects(log.append(record('a0', 2)), /ENOSPC/);
    await log.append(record('a0', 3));
    const report = await verifyAuditLog(file());
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.entries, 4, 'two entries, the recovery entry, the next entry');
    assert.match(report.notes.join('\n'), /line 3: an incomplete entry/);
    assert.deepEqual(
      (await log.forAlert('a0')).map((e) => e.details?.n),
      [0, 3],
    );
  });

  it('a complete entry that only lacks its newline is ended and chained from', async () => {
    await filled(2);
    const text = await fs.readFile(file(), 'utf8');
    await fs.writeFile(file(), text.slice(0, -1));
    const log = await FileAuditLog.open(tmp.path, clock);
    await log.append(record('a0', 3));
    assert.deepEqual(await verifyAuditLog(file()), { ok: true, entries: 3, head: sha((await lines())[2]!), notes: [] });
  });

  it('forAlert: the latest entries of one alert, oldest first, at most limit, without the chain field', async () => {
    const log = await filled(30);
    const entries = await log.forAlert('a1', 4);
    assert.deepEqual(
      entries.map((e) => e.details?.n),
      [19, 22, 25, 28],
    );
    assert.deepEqual(Object.keys(entries[0]!).sort(), ['action', 'actor', 'alertId', 'at', 'details', 'outcome']);
    assert.equal((await log.forAlert('a2')).length, 10);
    assert.deepEqual(await log.forAlert('nobody'), []);
  });

  it('forAlert on a large file reads only its end: 64 MB of other entries are not read for the latest 20', async () => {
    const other =
      JSON.stringify({ at: new Date(T0).toISOString(), ...record('someone-else', 0), prev: GENESIS }) + '\n';
    const block = other.repeat(Math.ceil((1024 * 1024) / other.length));
    const handle = await fs.open(file(), 'w');
    for (let i = 0; i < 64; i++) await handle.write(block);
    await handle.close();
    const log = await FileAuditLog.open(tmp.path, clock);
    for (let i = 0; i < 25; i++) await log.append(record('target', i));
    for (let i = 0; i < 100; i++) await log.append(record('someone-else', i));

    const probe = await fs.open(file(), 'r');
    const read = sinon.spy(
      Object.getPrototypeOf(probe) as { read: (...a: unknown[]) => Promise<{ bytesRead: number }> },
      'read',
    );
    await probe.close();
    const whole = sinon.spy(fs, 'readFile');
    const entries = await log.forAlert('target', 20);
    assert.equal(whole.callCount, 0, 'never the whole file');
    assert.deepEqual(
      entries.map((e) => e.details?.n),
      Array.from({ length: 20 }, (_, i) => i + 5),
    );
    const bytes = (await Promise.all(read.returnValues)).reduce((n, r) => n + r.bytesRead, 0);
    const size = (await fs.stat(file())).size;
    assert.ok(size > 64 * 1024 * 1024);
    assert.ok(bytes > 0 && bytes < 512 * 1024, `read ${bytes} of ${size} bytes`);
  });

  it('a read error is an unavailable TriageError, never "nothing recorded"', async () => {
    const log = await filled(3);
    await fs.rm(file());
    await fs.mkdir(file());
    const error = await log.forAlert('a0').then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof TriageError, String(error));
    assert.equal(error.code, 'unavailable');
    assert.match(error.userMessage, /audit log cannot be read right now/);
    await assert.rejects(verifyAuditLog(file()), /EISDIR/);
  });
});
