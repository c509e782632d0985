import path from 'node:path';
import { outboxItemSchema, type OutboxItem } from '../../delivery/outbox.js';
import type { OutboxRepository } from '../../delivery/outbox-repository.js';
import { Journal } from './journal.js';

/** Outbox items in `DATA_DIR/outbox.jsonl`, keyed by item id. */
export class JournalOutbox implements OutboxRepository {
  private constructor(private readonly journal: Journal<OutboxItem>) {}

  static async open(dataDir: string): Promise<JournalOutbox> {
    return new JournalOutbox(await Journal.open(path.join(dataDir, 'outbox.jsonl'), outboxItemSchema));
  }

  async list(): Promise<OutboxItem[]> {
    return this.journal.values();
  }

  save(items: readonly OutboxItem[]): Promise<void> {
    return this.journal.write(items.map((item) => [item.id, item] as const));
  }

  remove(id: string): Promise<void> {
    return this.journal.delete(id);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
