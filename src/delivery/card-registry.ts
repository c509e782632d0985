import path from 'node:path';
import { z } from 'zod';
import { Journal } from '../state/file/journal.js';

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

/** Where each alert's card lives, so later changes edit the same message and replies land in its thread. */
export class CardRegistry {
  private readonly byConversation = new Map<string, string>();

  private constructor(private readonly journal: Journal<PostedCard>) {
    for (const card of journal.values()) this.byConversation.set(card.conversationId, card.alertId);
  }

  static async open(dataDir: string): Promise<CardRegistry> {
    return new CardRegistry(await Journal.open(path.join(dataDir, 'cards.jsonl'), postedCardSchema));
  }

  get size(): number {
    return this.journal.size;
  }

  get(alertId: string): PostedCard | undefined {
    return this.journal.get(alertId);
  }

  /** The alert whose thread this conversation id is, if any. */
  alertIdForThread(conversationId: string): string | undefined {
    return this.byConversation.get(conversationId);
  }

  async save(card: PostedCard): Promise<void> {
    await this.journal.set(card.alertId, card);
    this.byConversation.set(card.conversationId, card.alertId);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
