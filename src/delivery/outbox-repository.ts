import type { OutboxItem } from './outbox.js';

/**
 * Durable storage of outbox items by id. Ordering, collapsing of updates, attempt bookkeeping and change
 * listeners live in Outbox; this only keeps what Outbox hands it. Every write resolves once it is durable.
 * A store shared by several replicas must also let one replica own an item (or a conversation) while
 * it sends it; that is not needed yet and not part of this contract.
 */
export interface OutboxRepository {
  /** Every stored item, in no particular order (Outbox reads this once, at start-up). */
  list(): Promise<OutboxItem[]>;
  /** Adds items, or replaces the stored ones with the same id, in one write. */
  save(items: readonly OutboxItem[]): Promise<void>;
  /** Removes the item with this id; no error when there is none. */
  remove(id: string): Promise<void>;
}
