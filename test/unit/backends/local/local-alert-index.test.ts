import { strict as assert } from 'node:assert';
import { makeDemoAlert } from '../../../../src/backends/local/demo-alert-generator.js';
import { LocalAlertIndex } from '../../../../src/backends/local/local-alert-index.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import type { Alert } from '../../../../src/triage/alert.js';
import { compareTimestamps } from '../../../../src/triage/timestamps.js';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const FRACTIONS = ['', '.5', '.1234567', '.1234568', '.999'];

/** What `changedSince` must return, by its definition: every DLP alert at or after `since`, after the cursor. */
function expected(all: Alert[], since: string | undefined, after: [string, string] | undefined): string[] {
  const key = (a: Alert): [string, string] => [a.lastUpdatedAt, a.id];
  const cmp = ([t1, id1]: [string, string], [t2, id2]: [string, string]) =>
    compareTimestamps(t1, t2) || (id1 < id2 ? -1 : id1 > id2 ? 1 : 0);
  return all
    .filter((a) => a.source === 'dataLossPrevention')
    .filter((a) => since === undefined || compareTimestamps(a.lastUpdatedAt, since) >= 0)
    .filter((a) => !after || cmp(key(a), after) > 0)
    .sort((a, b) => cmp(key(a), key(b)))
    .map((a) => a.id);
}

describe('LocalAlertIndex.changedSince', () => {
  // Timestamps that tie to the millisecond and differ only past it, ties on the whole timestamp, and the seed's
  // correlated non-DLP alert among them: the watermark search must agree with a plain filter on all of them.
  const tenant = buildSeedTenant(new Date(NOW));
  const raws: Record<string, unknown>[] = [...(tenant.alerts as Record<string, unknown>[])];
  for (let i = 0; i < 400; i++) {
    const raw = makeDemoAlert(i, new Date(NOW + (i % 37) * 1_000), tenant);
    const base = new Date(NOW + (i % 37) * 1_000).toISOString().replace(/\.\d+Z$/, '');
    raw.lastUpdateDateTime = `${base}${FRACTIONS[i % FRACTIONS.length]}Z`;
    raws.push(raw);
  }
  const index = new LocalAlertIndex();
  index.rebuild(raws);
  const all = index.all();

  const readAll = (since: string | undefined) => {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = index.changedSince(since, cursor);
      ids.push(...page.alerts.map((a) => a.id));
      cursor = page.next;
    } while (cursor);
    return ids;
  };

  it('pages through exactly the DLP alerts at or after the watermark, in (time, id) order', () => {
    const watermarks = [
      undefined,
      '2000-01-01T00:00:00Z',
      new Date(NOW + 5_000).toISOString(),
      `${new Date(NOW + 5_000).toISOString().replace(/\.\d+Z$/, '')}.1234567Z`,
      `${new Date(NOW + 5_000).toISOString().replace(/\.\d+Z$/, '')}.12345675Z`,
      new Date(NOW + 36_000).toISOString(),
      '2999-01-01T00:00:00Z',
    ];
    for (const since of watermarks) {
      assert.deepEqual(readAll(since), expected(all, since, undefined), `since ${since}`);
    }
    assert.ok(readAll(undefined).length > 200, 'the pass spans several pages');
  });

  it('a cursor continues right after the (time, id) it names, whether or not that alert still exists', () => {
    const dlp = expected(all, undefined, undefined);
    const byId = new Map(all.map((a) => [a.id, a]));
    for (const at of [0, 99, 100, 250, dlp.length - 1]) {
      const a = byId.get(dlp[at]!)!;
      const cursor = JSON.stringify([a.lastUpdatedAt, a.id]);
      const page = index.changedSince(undefined, cursor);
      assert.deepEqual(
        page.alerts.map((x) => x.id),
        expected(all, undefined, [a.lastUpdatedAt, a.id]).slice(0, 100),
      );
      const gone = JSON.stringify([a.lastUpdatedAt, `${a.id}-gone`]);
      assert.deepEqual(
        index.changedSince(undefined, gone).alerts.map((x) => x.id),
        expected(all, undefined, [a.lastUpdatedAt, `${a.id}-gone`]).slice(0, 100),
      );
    }
    const since = new Date(NOW + 20_000).toISOString();
    const cursor = JSON.stringify([all[3]!.lastUpdatedAt, all[3]!.id]);
    assert.deepEqual(
      index.changedSince(since, cursor).alerts.map((a) => a.id),
      expected(all, since, [all[3]!.lastUpdatedAt, all[3]!.id]).slice(0, 100),
      'an old cursor with a later watermark starts at the watermark',
    );
  });

  it('update(raw) of one changed or new alert leaves the index exactly as a full rebuild would', () => {
    const copy = raws.map((r) => structuredClone(r));
    const incremental = new LocalAlertIndex();
    incremental.rebuild(copy);
    const changes: [number, string][] = [
      [5, '2026-03-10T12:10:00.000Z'], // moves to the end
      [300, '2026-03-10T12:00:03.1234567Z'], // moves among alerts of the same second
      [7, '2020-01-01T00:00:00Z'], // moves to the front
    ];
    for (const [i, at] of changes) {
      copy[i]!.lastUpdateDateTime = at;
      copy[i]!.status = 'inProgress';
      incremental.update(copy[i]!);
    }
    const added = makeDemoAlert(999, new Date(NOW + 5_500), tenant);
    copy.push(added);
    incremental.update(added);
    const full = new LocalAlertIndex();
    full.rebuild(copy);
    assert.deepEqual(incremental.all(), full.all());
    assert.equal(incremental.get(String(copy[300]!.id))?.status, 'inProgress');
    assert.deepEqual(
      incremental.changedSince('2026-03-10T12:00:03.000Z').alerts,
      full.changedSince('2026-03-10T12:00:03.000Z').alerts,
    );
    assert.equal(
      incremental.stampHandEdits(copy, () => new Date(NOW)),
      false,
      'no alert looks hand-edited after it',
    );
  });
});
