import { z } from 'zod';
import type { PostedCardRepository } from './posted-card-repository.js';

export const postedCardSchema = z.object({
  alertId: z.string(),
  channelId: z.string(),
  tenantId: z.string(),
  serviceUrl: z.string(),
  /** The thread: `<channelId>;messageid=<activityId>`. */
  conversationId: z.string(),
  activityId: z.string(),
  /** The alert version the message shows now. */
  version: z.string(),
});
export type PostedCard = z.infer<typeof postedCardSchema>;

/**
 * Where each alert's card lives, so later changes edit the same message and replies land in its thread.
 * The records are stored through a PostedCardRepository and also kept in memory, read once at load:
 * the outbox sender routes every item by its card on every tick, and the bot looks threads up while it
 * answers, both synchronously.
 */
export class CardRegistry {
  private readonly byAlert = new Map<string, PostedCard>();
  private readonly byConversation = new Map<string, string>();

  private constructor(
    private readonly repository: PostedCardRepository,
    stored: readonly PostedCard[],
  ) {
    for (const card of stored) {
      this.byAlert.set(card.alertId, card);
      this.byConversation.set(card.conversationId, card.alertId);
    }
  }

  /** The registry over what the repository holds now. */
  static async load(repository: PostedCardRepository): Promise<CardRegistry> {
    return new CardRegistry(repository, await repository.list());
  }

  get size(): number {
    return this.byAlert.size;
  }

  get(alertId: string): PostedCard | undefined {
    return this.byAlert.get(alertId);
  }

  /** The alert whose thread this conversation id is, if any. */
  alertIdForThread(conversationId: string): string | undefined {
    return this.byConversation.get(conversationId);
  }

  async save(card: PostedCard): Promise<void> {
    this.byAlert.set(card.alertId, card);
    await this.repository.save(card);
    this.byConversation.set(card.conversationId, card.alertId);
  }
}
