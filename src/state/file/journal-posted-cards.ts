import path from 'node:path';
import { postedCardSchema, type PostedCard } from '../../delivery/card-registry.js';
import type { PostedCardRepository } from '../../delivery/posted-card-repository.js';
import { Journal } from './journal.js';

/** Posted cards in `DATA_DIR/cards.jsonl`, keyed by alert id. */
export class JournalPostedCards implements PostedCardRepository {
  private constructor(private readonly journal: Journal<PostedCard>) {}

  static async open(dataDir: string): Promise<JournalPostedCards> {
    return new JournalPostedCards(await Journal.open(path.join(dataDir, 'cards.jsonl'), postedCardSchema));
  }

  async list(): Promise<PostedCard[]> {
    return this.journal.values();
  }

  async get(alertId: string): Promise<PostedCard | undefined> {
    return this.journal.get(alertId);
  }

  save(card: PostedCard): Promise<void> {
    return this.journal.set(card.alertId, card);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
