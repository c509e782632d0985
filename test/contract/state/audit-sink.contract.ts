import { strict as assert } from 'node:assert';
import type { AuditRecord, AuditSink } from '../../../src/triage/ports.js';
import { freshState, type StateFactory } from './state-fixture.js';

const record = (n: number, alertId = 'a1'): AuditRecord => ({
  actor: n % 3 === 0 ? 'system' : { id: `user-${n}`, name: `User ${n}` },
  action: `alert.action${n}`,
  alertId,
  outcome: n % 2 === 0 ? 'success' : 'denied',
  reason: `reason ${n}`,
  details: { n, nested: { list: [n, `${n}`] } },
});

/** Drops the time each entry was written at, after checking it is an ISO timestamp. */
function withoutTime(entries: readonly (AuditRecord & { at: string })[]): AuditRecord[] {
  return entries.map(({ at, ...rest }) => {
    assert.ok(!Number.isNaN(Date.parse(at)), `"${at}" is a timestamp`);
    return rest;
  });
}

/** The AuditSink contract: appended records come back per alert, oldest first, after a reopen too. */
export function auditSinkContract(name: string, factory: StateFactory<AuditSink>): void {
  describe(`AuditSink contract: ${name}`, () => {
    const state = freshState(factory);

    it('has no entries for an alert nothing was recorded about', async () => {
      await state.repo.append(record(1, 'other'));
      assert.deepEqual(await state.repo.forAlert('a1'), []);
    });

    it("returns an alert's records exactly as appended, oldest first, across a reopen", async () => {
      for (const n of [1, 2, 3]) await state.repo.append(record(n));
      await state.repo.append(record(4, 'a2'));
      await state.repo.append({ actor: 'system', action: 'bot.start', outcome: 'success' });
      assert.deepEqual(withoutTime(await state.repo.forAlert('a1')), [record(1), record(2), record(3)]);
      const again = await state.fixture.reopen();
      assert.deepEqual(withoutTime(await again.forAlert('a1')), [record(1), record(2), record(3)]);
      assert.deepEqual(withoutTime(await again.forAlert('a2')), [record(4, 'a2')]);
    });

    it('with a limit, returns the latest that many, still oldest first', async () => {
      for (let n = 1; n <= 30; n++) await state.repo.append(record(n));
      assert.deepEqual(
        withoutTime(await state.repo.forAlert('a1', 3)),
        [28, 29, 30].map((n) => record(n)),
      );
    });

    it('concurrent appends all land, in call order', async () => {
      await Promise.all(Array.from({ length: 25 }, (_, n) => state.repo.append(record(n))));
      const again = await state.fixture.reopen();
      assert.deepEqual(
        withoutTime(await again.forAlert('a1', 100)),
        Array.from({ length: 25 }, (_, n) => record(n)),
      );
    });
  });
}
