import { strict as assert } from 'node:assert';
import type { TriageChannel } from '../../../src/delivery/channel-registry.js';
import type { ChannelRepository } from '../../../src/delivery/channel-repository.js';
import type { RouteRule } from '../../../src/triage/routing.js';
import { freshState, sortedBy, type StateFactory } from './state-fixture.js';

const channel = (channelId: string, isDefault: boolean, extra: Partial<TriageChannel> = {}): TriageChannel => ({
  channelId,
  teamId: 'team-1',
  tenantId: '11111111-2222-4333-8444-555555555555',
  serviceUrl: 'https://smba.example/emea/',
  isDefault,
  registeredAt: '2026-03-10T12:00:00.000Z',
  ...extra,
});

const rules: RouteRule[] = [
  {
    channelId: 'emea',
    text: 'severity>=high au=EMEA',
    conditions: { severity: { op: '>=', value: 'high' }, administrativeUnits: ['EMEA'] },
  },
  { channelId: 'files', text: 'workload=SharePoint,OneDrive', conditions: { workloads: ['SharePoint', 'OneDrive'] } },
  { channelId: 'general', text: 'policy=credit', conditions: { policy: 'credit' } },
  {
    channelId: 'cloud',
    text: 'source=microsoftDefenderForCloud',
    conditions: { sources: ['microsoftDefenderForCloud'] },
  },
  { channelId: 'vip', text: 'tag=VIP,Finance', conditions: { tags: ['VIP', 'Finance'] } },
  {
    channelId: 'incidents',
    text: 'severity>=high group=incident',
    conditions: { severity: { op: '>=', value: 'high' } },
    group: 'incident',
  },
];

const byId = (list: readonly TriageChannel[]) => sortedBy(list, (c) => c.channelId);

/** The ChannelRepository contract: durable channels by id, and one ordered list of routing rules. */
export function channelRepositoryContract(name: string, factory: StateFactory<ChannelRepository>): void {
  describe(`ChannelRepository contract: ${name}`, () => {
    const state = freshState(factory);

    it('starts with no channels and no rules', async () => {
      assert.deepEqual(await state.repo.listChannels(), []);
      assert.deepEqual(await state.repo.routes(), []);
    });

    it('keeps channels with every field, across a reopen', async () => {
      const full = channel('emea', false, {
        teamName: 'SOC',
        channelName: 'EMEA triage',
        administrativeUnits: [{ id: 'au-1', displayName: 'EMEA' }],
        registeredBy: 'avery-id',
        group: 'incident',
      });
      await state.repo.saveChannels([channel('general', true)]);
      await state.repo.saveChannels([full]);
      assert.deepEqual(byId(await state.repo.listChannels()), [full, channel('general', true)]);
      assert.deepEqual(byId(await (await state.fixture.reopen()).listChannels()), [full, channel('general', true)]);
    });

    it('several channels saved together replace those with the same id (a new default and the old one)', async () => {
      await state.repo.saveChannels([channel('general', true), channel('emea', false)]);
      await state.repo.saveChannels([channel('general', false), channel('emea', true)]);
      const expected = [channel('emea', true), channel('general', false)];
      assert.deepEqual(byId(await state.repo.listChannels()), expected);
      assert.deepEqual(byId(await (await state.fixture.reopen()).listChannels()), expected);
    });

    it('keeps the routing rules in their order, across a reopen', async () => {
      await state.repo.saveRoutes(rules);
      assert.deepEqual(await state.repo.routes(), rules);
      assert.deepEqual(await (await state.fixture.reopen()).routes(), rules);
    });

    it('saving rules replaces the whole list (also with an empty one)', async () => {
      await state.repo.saveRoutes(rules);
      await state.repo.saveRoutes([rules[2]!, rules[0]!]);
      assert.deepEqual(await (await state.fixture.reopen()).routes(), [rules[2], rules[0]]);
      await state.fixture.repo.saveRoutes([]);
      assert.deepEqual(await (await state.fixture.reopen()).routes(), []);
    });

    it('channels and rules do not touch each other', async () => {
      await state.repo.saveChannels([channel('general', true)]);
      await state.repo.saveRoutes(rules.slice(0, 1));
      const again = await state.fixture.reopen();
      assert.deepEqual(await again.listChannels(), [channel('general', true)]);
      assert.deepEqual(await again.routes(), rules.slice(0, 1));
    });
  });
}
