import { strict as assert } from 'node:assert';
import type { OutboxItem } from '../../../src/delivery/outbox.js';
import type { OutboxRepository } from '../../../src/delivery/outbox-repository.js';
import type { Alert } from '../../../src/triage/alert.js';
import { freshState, sortedBy, type StateFactory } from './state-fixture.js';
import { alertWith } from '../../support/alerts.js';

const alert = (id: string, version = '2026-03-10T11:00:00.0000000Z'): Alert =>
  alertWith(id, { lastUpdatedAt: version });

const common = (id: string, seq: number) => ({ id, seq, enqueuedAt: 1_000 + seq, attempts: 0, notBefore: 0 });

/** One item of every kind, with the optional fields set on some. */
const items = (): OutboxItem[] => [
  { ...common('post:a1', 1), kind: 'postAlert', alert: alert('a1'), channelId: null },
  { ...common('post:a2', 2), kind: 'postAlert', alert: alert('a2'), channelId: '19:general@thread.tacv2' },
  {
    ...common('update:a3', 3),
    kind: 'updateAlert',
    alert: alert('a3'),
    attempts: 2,
    notBefore: 9_000,
    lastError: 'busy',
  },
  {
    ...common('reply:a1:x', 4),
    kind: 'threadReply',
    alertId: 'a1',
    message: { text: '<at>Mia</at> took it', mentions: [{ id: 'mia-id', name: 'Mia' }] },
  },
  { ...common('post:c:x', 5), kind: 'channelPost', channelId: '19:general@thread.tacv2', message: { text: 'hello' } },
  { ...common('dm:u:x', 6), kind: 'personalMessage', userId: 'u-1', message: { text: 'a note' } },
];

const byId = (list: readonly OutboxItem[]) => sortedBy(list, (i) => i.id);

/** The OutboxRepository contract: durable items by id; ordering and collapsing are Outbox's. */
export function outboxRepositoryContract(name: string, factory: StateFactory<OutboxRepository>): void {
  describe(`OutboxRepository contract: ${name}`, () => {
    const state = freshState(factory);

    it('starts empty', async () => {
      assert.deepEqual(await state.repo.list(), []);
    });

    it('keeps every kind of item, every field as saved, across a reopen', async () => {
      await state.repo.save(items());
      assert.deepEqual(byId(await state.repo.list()), byId(items()));
      const again = await state.fixture.reopen();
      assert.deepEqual(byId(await again.list()), byId(items()));
    });

    it('a save replaces the item with the same id and leaves the others alone', async () => {
      await state.repo.save(items());
      const retried = { ...items()[2]!, attempts: 3, notBefore: 12_000, lastError: 'still busy' } as OutboxItem;
      await state.repo.save([retried]);
      const expected = byId(items().map((i) => (i.id === retried.id ? retried : i)));
      assert.deepEqual(byId(await state.repo.list()), expected);
      assert.deepEqual(byId(await (await state.fixture.reopen()).list()), expected);
    });

    it('remove takes one item out for good; an unknown id is no error', async () => {
      await state.repo.save(items());
      await state.repo.remove('post:a2');
      await state.repo.remove('no-such-item');
      const expected = byId(items().filter((i) => i.id !== 'post:a2'));
      assert.deepEqual(byId(await state.repo.list()), expected);
      assert.deepEqual(byId(await (await state.fixture.reopen()).list()), expected);
    });

    it('an item removed and saved again is back', async () => {
      await state.repo.save(items().slice(0, 1));
      await state.repo.remove('post:a1');
      await state.repo.save(items().slice(0, 1));
      assert.deepEqual(await (await state.fixture.reopen()).list(), items().slice(0, 1));
    });

    it('concurrent saves and removes all land', async () => {
      const many = Array.from({ length: 50 }, (_, n) => ({
        ...common(`post:m${n}`, n + 1),
        kind: 'postAlert' as const,
        alert: alert(`m${n}`),
        channelId: null,
      }));
      await Promise.all(many.map((item) => state.repo.save([item])));
      await Promise.all(many.filter((_, n) => n % 2 === 0).map((item) => state.repo.remove(item.id)));
      const expected = byId(many.filter((_, n) => n % 2 === 1));
      assert.deepEqual(byId(await state.repo.list()), expected);
      assert.deepEqual(byId(await (await state.fixture.reopen()).list()), expected);
    });
  });
}
