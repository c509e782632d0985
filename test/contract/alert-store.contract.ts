import { strict as assert } from 'node:assert';
import { mapGraphAlert } from '../../src/backends/alerts-v2/alerts-v2-mapper.js';
import type { AlertStore } from '../../src/triage/ports.js';
import { compareTimestamps } from '../../src/triage/timestamps.js';
import { TriageError } from '../../src/triage/triage-error.js';
import { triageError } from '../support/triage-errors.js';
import { readAll } from '../support/alert-pages.js';

type Raw = Record<string, any>;

/**
 * One implementation under test: the store, the raw alerts it holds after `reset` (DLP alerts and at least
 * one alert of another product, which no listing may return), and cleanup.
 */
export interface AlertStoreFixture {
  store: AlertStore;
  raws: Raw[];
  reset(): Promise<void>;
  close(): Promise<void>;
}

const rejectsWith = (code: TriageError['code']) => triageError(code);
const isDlp = (r: Raw) => r.serviceSource === 'dataLossPrevention';

/**
 * The AlertStore contract: what the rest of the product relies on, whatever the backend. Run against
 * the lowdb store, the in-memory fake and the Graph store (through the emulator).
 */
export function alertStoreContract(name: string, open: () => Promise<AlertStoreFixture>): void {
  describe(`AlertStore contract: ${name}`, function () {
    this.timeout(60_000);
    let f: AlertStoreFixture;
    before(async () => {
      f = await open();
    });
    beforeEach(async () => f.reset());
    after(async () => f?.close());
    /** The DLP alerts of the fixture: what the listings return. */
    const dlp = () => f.raws.filter(isDlp);

    it('lists every DLP alert once, following the cursor to the end, each as the mapper reads its raw alert', async () => {
      const { alerts } = await readAll(f.store);
      assert.equal(alerts.length, dlp().length);
      assert.deepEqual(new Set(alerts.map((a) => a.id)), new Set(dlp().map((r) => r.id)));
      for (const a of alerts) assert.deepEqual(a, mapGraphAlert(f.raws.find((r) => r.id === a.id)), `alert ${a.id}`);
    });

    it('never lists an alert of another product (a correlated Defender alert), assigned or not', async () => {
      const others = f.raws.filter((r) => !isDlp(r));
      assert.ok(others.length > 0, 'the fixture holds an alert of another product');
      const listed = new Set((await readAll(f.store)).alerts.map((a) => a.id));
      const since = new Set((await readAll(f.store, String(others[0]!.lastUpdateDateTime))).alerts.map((a) => a.id));
      for (const other of others) {
        assert.ok(!listed.has(other.id) && !since.has(other.id), `${other.id} is not listed`);
        if (other.assignedTo && other.status !== 'resolved') {
          const mine = await f.store.listAssignedTo(other.assignedTo);
          assert.ok(mine.length > 0 && mine.every((a) => a.source === 'dataLossPrevention'), 'only DLP alerts');
        }
      }
      assert.ok(
        others.some((r) => r.assignedTo && r.status !== 'resolved'),
        'one of them is open and assigned, so listAssignedTo is checked too',
      );
    });

    it('since is inclusive: exactly the alerts updated at or after it', async () => {
      const times = dlp()
        .map((r) => String(r.lastUpdateDateTime))
        .sort(compareTimestamps);
      const since = times[Math.floor(times.length / 2)]!;
      const { alerts } = await readAll(f.store, since);
      const expected = dlp()
        .filter((r) => compareTimestamps(String(r.lastUpdateDateTime), since) >= 0)
        .map((r) => r.id);
      assert.deepEqual(alerts.map((a) => a.id).sort(), expected.sort());
      assert.ok(
        alerts.some((a) => a.lastUpdatedAt === since),
        'the boundary alert is included',
      );
    });

    it('get: the alert, or undefined for an id that does not exist', async () => {
      const raw = f.raws[3]!;
      assert.deepEqual(await f.store.get(raw.id), mapGraphAlert(raw));
      assert.equal(await f.store.get('dl-no-such-alert'), undefined);
    });

    it('update: applies only the given fields, returns the stored alert with a newer lastUpdatedAt, which the poller then sees', async () => {
      const raw = dlp().find((r) => r.status === 'new')!;
      const before = mapGraphAlert(raw);
      const updated = await f.store.update(raw.id, { status: 'inProgress', assignedTo: 'sam.analyst@contoso.example' });
      assert.equal(updated.status, 'inProgress');
      assert.equal(updated.assignedTo, 'sam.analyst@contoso.example');
      assert.equal(updated.classification, before.classification);
      assert.equal(updated.title, before.title);
      assert.ok(compareTimestamps(updated.lastUpdatedAt, before.lastUpdatedAt) > 0, 'newer version');
      assert.deepEqual(await f.store.get(raw.id), updated);
      const newestBefore = dlp()
        .map((r) => String(r.lastUpdateDateTime))
        .sort(compareTimestamps)
        .at(-1)!;
      const { alerts } = await readAll(f.store, newestBefore);
      assert.ok(alerts.some((a) => a.id === raw.id && a.lastUpdatedAt === updated.lastUpdatedAt));
    });

    it('update: classify with a determination, resolve (resolvedAt set), reopen (cleared), unassign with null', async () => {
      const raw = dlp().find((r) => r.status === 'new')!;
      const resolved = await f.store.update(raw.id, {
        classification: 'truePositive',
        determination: 'maliciousUserActivity',
        status: 'resolved',
        assignedTo: 'rui.responder@contoso.example',
      });
      assert.deepEqual(
        [resolved.classification, resolved.determination, resolved.status],
        ['truePositive', 'maliciousUserActivity', 'resolved'],
      );
      assert.ok(resolved.resolvedAt);
      const reopened = await f.store.update(raw.id, { status: 'inProgress', assignedTo: null });
      assert.equal(reopened.status, 'inProgress');
      assert.equal(reopened.resolvedAt, undefined);
      assert.equal(reopened.assignedTo, undefined);
      assert.equal(reopened.classification, 'truePositive', 'untouched fields stay');
    });

    it('addComment appends; "<name> (via Teams): " is attributed to that person', async () => {
      const raw = f.raws[0]!;
      const before = mapGraphAlert(raw).comments.length;
      const after = await f.store.addComment(raw.id, 'Sam Analyst (via Teams): Checked with the site owner.');
      assert.equal(after.comments.length, before + 1);
      assert.deepEqual(
        { ...after.comments.at(-1)!, createdAt: 'x' },
        { author: 'Sam Analyst', text: 'Checked with the site owner.', createdAt: 'x' },
      );
      assert.deepEqual((await f.store.get(raw.id))?.comments, after.comments);
    });

    it('update and addComment of an alert that does not exist are not-found', async () => {
      await assert.rejects(f.store.update('dl-no-such-alert', { status: 'inProgress' }), rejectsWith('not-found'));
      await assert.rejects(f.store.addComment('dl-no-such-alert', 'x'), rejectsWith('not-found'));
    });

    it('listAssignedTo: the open alerts assigned to a UPN (any case), newest first', async () => {
      const upn = 'sam.analyst@contoso.example';
      const expected = dlp().filter((r) => String(r.assignedTo ?? '').toLowerCase() === upn && r.status !== 'resolved');
      assert.ok(expected.length > 0, 'the seed assigns open alerts to Sam');
      const mine = await f.store.listAssignedTo(upn.toUpperCase());
      assert.deepEqual(mine.map((a) => a.id).sort(), expected.map((r) => r.id).sort());
      assert.ok(
        mine.every((a, i) => i === 0 || compareTimestamps(mine[i - 1]!.lastUpdatedAt, a.lastUpdatedAt) >= 0),
        'newest first',
      );
      assert.deepEqual(await f.store.listAssignedTo('nobody@contoso.example'), []);
    });
  });
}
