import path from 'node:path';
import { personalChatSchema, type PersonalChat } from '../../delivery/personal-chats.js';
import type { PersonalChatRepository } from '../../delivery/personal-chat-repository.js';
import { Journal } from './journal.js';

/** Personal chats in `DATA_DIR/personal-chats.jsonl`, keyed by the lower-case Entra object id. */
export class JournalPersonalChats implements PersonalChatRepository {
  private constructor(private readonly journal: Journal<PersonalChat>) {}

  static async open(dataDir: string): Promise<JournalPersonalChats> {
    return new JournalPersonalChats(await Journal.open(path.join(dataDir, 'personal-chats.jsonl'), personalChatSchema));
  }

  async list(): Promise<PersonalChat[]> {
    return this.journal.values();
  }

  async get(userId: string): Promise<PersonalChat | undefined> {
    return this.journal.get(userId.toLowerCase());
  }

  save(chat: PersonalChat): Promise<void> {
    return this.journal.set(chat.userId.toLowerCase(), chat);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
