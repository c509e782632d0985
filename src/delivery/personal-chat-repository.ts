import type { PersonalChat } from './personal-chats.js';

/**
 * Durable storage of the bot's 1:1 chats, one per person. Entra object ids are matched regardless of
 * case (Teams and Graph do not agree on the case of a GUID).
 */
export interface PersonalChatRepository {
  /** Every chat, in no particular order. */
  list(): Promise<PersonalChat[]>;
  /** The chat of one person, if the bot has one. */
  get(userId: string): Promise<PersonalChat | undefined>;
  /** Adds the chat, or replaces the one of the same person; resolves once durable. */
  save(chat: PersonalChat): Promise<void>;
}
