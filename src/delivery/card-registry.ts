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
  /** The alert's incident (channels with one thread per incident find its thread by it). */
  incidentId: z.string().optional(),
  /** Set when the card is a reply in another alert's thread (that alert's id), not a thread of its own. */
  inThreadOf: z.string().optional(),
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
  private readonly byIncident = new Map<string, string>();

  private constructor(
    private readonly repository: PostedCardRepository,
    stored: readonly PostedCard[],
  ) {
    for (const card of stored) {
      this.byAlert.set(card.alertId, card);
      this.index(card);
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

  /** The alert whose thread in `channelId` holds the incident's alerts (the first posted there), if any. */
  incidentThread(channelId: string, incidentId: string): string | undefined {
    return this.byIncident.get(JSON.stringify([channelId, incidentId]));
  }

  async save(card: PostedCard): Promise<void> {
    this.byAlert.set(card.alertId, card);
    await this.repository.save(card);
    this.index(card);
  }

  /** A thread belongs to the alert whose card opened it; replies in it (grouped alerts) do not take it over. */
  private index(card: PostedCard): void {
    if (card.inThreadOf) return;
    this.byConversation.set(card.conversationId, card.alertId);
    const key = JSON.stringify([card.channelId, card.incidentId]);
    if (card.incidentId && !this.byIncident.has(key)) this.byIncident.set(key, card.alertId);
  }
}
