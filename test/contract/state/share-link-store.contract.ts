import { strict as assert } from 'node:assert';
import type { ShareLink, ShareLinkStore } from '../../../src/triage/share/share-link.js';
import { freshState, sortedBy, type StateFactory } from './state-fixture.js';

const link = (linkId: string, alertId: string, extra: Partial<ShareLink> = {}): ShareLink => ({
  linkId,
  alertId,
  tenantId: '11111111-2222-4333-8444-555555555555',
  createdBy: { id: 'avery-id', name: 'Avery' },
  createdAt: '2026-03-10T12:00:00.000Z',
  expiresAt: '2026-03-11T12:00:00.000Z',
  ...extra,
});
const revoked = (l: ShareLink): ShareLink => ({
  ...l,
  revokedAt: '2026-03-10T13:00:00.000Z',
  revokedBy: { id: 'sam-id' },
});

const byId = (list: readonly ShareLink[]) => sortedBy(list, (l) => l.linkId);

/** The ShareLinkStore contract: durable links by id, listed per alert, revoked ones included. */
export function shareLinkStoreContract(name: string, factory: StateFactory<ShareLinkStore>): void {
  describe(`ShareLinkStore contract: ${name}`, () => {
    const state = freshState(factory);

    it('starts empty', () => {
      assert.equal(state.repo.get('l1'), undefined);
      assert.deepEqual(state.repo.forAlert('a1'), []);
    });

    it('keeps links, found by id and listed per alert, across a reopen', async () => {
      await state.repo.save([link('l1', 'a1'), link('l2', 'a2')]);
      await state.repo.save([link('l3', 'a1')]);
      assert.deepEqual(state.repo.get('l2'), link('l2', 'a2'));
      const again = await state.fixture.reopen();
      assert.deepEqual(again.get('l1'), link('l1', 'a1'));
      assert.deepEqual(byId(again.forAlert('a1')), [link('l1', 'a1'), link('l3', 'a1')]);
      assert.deepEqual(again.forAlert('a2'), [link('l2', 'a2')]);
      assert.deepEqual(again.forAlert('a3'), []);
    });

    it('a save replaces links with the same id (revoking), and revoked links are still listed', async () => {
      await state.repo.save([link('l1', 'a1'), link('l2', 'a1')]);
      await state.repo.save([revoked(link('l1', 'a1')), revoked(link('l2', 'a1'))]);
      const again = await state.fixture.reopen();
      assert.deepEqual(again.get('l1'), revoked(link('l1', 'a1')));
      assert.deepEqual(byId(again.forAlert('a1')), [revoked(link('l1', 'a1')), revoked(link('l2', 'a1'))]);
    });
  });
}
