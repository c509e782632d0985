import { z } from 'zod';
import type { PersonalChatRepository } from './personal-chat-repository.js';

export const personalChatSchema = z.object({
  userId: z.string(),
  conversationId: z.string(),
  serviceUrl: z.string(),
  tenantId: z.string(),
  /** The Teams locale and IANA zone last seen in this chat: what later messages to the person are written in. */
  locale: z.string().max(35).optional(),
  timeZone: z.string().max(64).optional(),
});
export type PersonalChat = z.infer<typeof personalChatSchema>;

/**
 * The 1:1 chats the bot has with people (by Entra object id), learned when they install or message it.
 * Stored through a PersonalChatRepository and kept in memory, read once at load: the outbox sender looks
 * a chat up for every personal message on every tick.
 */
export class PersonalChats {
  private readonly byUser = new Map<string, PersonalChat>();

  private constructor(
    private readonly repository: PersonalChatRepository,
    stored: readonly PersonalChat[],
  ) {
    for (const chat of stored) this.byUser.set(chat.userId.toLowerCase(), chat);
  }

  /** The chats the repository holds now. */
  static async load(repository: PersonalChatRepository): Promise<PersonalChats> {
    return new PersonalChats(repository, await repository.list());
  }

  get(userId: string): PersonalChat | undefined {
    return this.byUser.get(userId.toLowerCase());
  }

  /** Records (or refreshes) a user's 1:1 chat; no write when nothing changed. */
  async remember(chat: PersonalChat): Promise<void> {
    const key = chat.userId.toLowerCase();
    const known = this.byUser.get(key);
    // A message without a locale or zone keeps the ones seen before.
    chat = { ...chat, locale: chat.locale ?? known?.locale, timeZone: chat.timeZone ?? known?.timeZone };
    const same = (k: keyof PersonalChat) => known?.[k] === chat[k];
    if (known && same('conversationId') && same('serviceUrl') && same('locale') && same('timeZone')) return;
    this.byUser.set(key, chat);
    await this.repository.save(chat);
  }
}
