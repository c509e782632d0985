import path from 'node:path';
import { z } from 'zod';
import { Journal } from '../state/file/journal.js';

export const personalChatSchema = z.object({
  userId: z.string(),
  conversationId: z.string(),
  serviceUrl: z.string(),
  tenantId: z.string(),
});
export type PersonalChat = z.infer<typeof personalChatSchema>;

/** The 1:1 chats the bot has with people (by Entra object id), learned when they install or message it. */
export class PersonalChats {
  private constructor(private readonly journal: Journal<PersonalChat>) {}

  static async open(dataDir: string): Promise<PersonalChats> {
    return new PersonalChats(await Journal.open(path.join(dataDir, 'personal-chats.jsonl'), personalChatSchema));
  }

  get(userId: string): PersonalChat | undefined {
    return this.journal.get(userId.toLowerCase());
  }

  /** Records (or refreshes) a user's 1:1 chat; no write when nothing changed. */
  async remember(chat: PersonalChat): Promise<void> {
    const key = chat.userId.toLowerCase();
    const known = this.journal.get(key);
    if (known && known.conversationId === chat.conversationId && known.serviceUrl === chat.serviceUrl) return;
    await this.journal.set(key, chat);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
