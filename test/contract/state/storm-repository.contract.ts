import { strict as assert } from 'node:assert';
import type {
  Storm,
  StormEntry,
  StormMember,
  StormRepository,
  StormSeries,
} from '../../../src/delivery/storm-repository.js';
import type { Alert } from '../../../src/triage/alert.js';
import { freshState, sortedBy, type StateFactory } from './state-fixture.js';

const series = (key: string, stormId?: string): StormSeries => ({
  type: 'series',
  key,
  recent: [{ alertId: 'a1', at: 1_000 }],
  ...(stormId && { stormId }),
});
const storm = (id: string, revision = 1, activityId?: string): Storm => ({
  type: 'storm',
  id,
  hostAlertId: id,
  channelId: '19:general@thread.tacv2',
  policyName: 'Contoso PCI',
  lastAt: 2_000,
  revision,
  ...(activityId && { activityId }),
});
const member = (alertId: string, version = '2026-03-10T12:00:00.0000000Z'): StormMember => ({
  type: 'member',
  stormId: 'a1',
  alert: { id: alertId, lastUpdatedAt: version, title: 'match' } as Alert,
});
const keyOf = (e: StormEntry) =>
  e.type === 'series' ? `s:${e.key}` : e.type === 'storm' ? `t:${e.id}` : `m:${e.alert.id}`;

/** The StormRepository contract: series by key, storms by id, members by alert id, each replaced by a newer save. */
export function stormRepositoryContract(name: string, factory: StateFactory<StormRepository>): void {
  describe(`StormRepository contract: ${name}`, () => {
    const state = freshState(factory);

    it('starts empty', async () => {
      assert.deepEqual(await state.repo.list(), []);
    });

    it('keeps every kind of entry across a reopen; a save replaces the entry of the same key', async () => {
      await state.repo.save([series('k1'), member('a2'), member('a3')]);
      await state.repo.save([series('k1', 'a1'), storm('a1'), member('a2', '2026-03-10T12:05:00.0000000Z')]);
      await state.repo.save([storm('a1', 2, 'activity-1')]);
      const expected = sortedBy(
        [series('k1', 'a1'), storm('a1', 2, 'activity-1'), member('a2', '2026-03-10T12:05:00.0000000Z'), member('a3')],
        keyOf,
      );
      assert.deepEqual(sortedBy(await state.repo.list(), keyOf), expected);
      assert.deepEqual(sortedBy(await (await state.fixture.reopen()).list(), keyOf), expected);
    });

    it('a storm id, a series key and an alert id never replace one another', async () => {
      await state.repo.save([series('a1'), storm('a1'), member('a1')]);
      assert.equal((await (await state.fixture.reopen()).list()).length, 3);
    });
  });
}
