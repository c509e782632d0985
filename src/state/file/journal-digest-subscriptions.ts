import path from 'node:path';
import { z } from 'zod';
import type { DigestSubscriptionRepository } from '../../digest/digest-subscription-repository.js';
import type { DigestSubscription } from '../../triage/digest/digest-subscription.js';
import { Journal } from './journal.js';

const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

// Our own earlier writes, checked on the way back in (a hand-edited file must not start odd schedules).
const subscriptionSchema = z.object({
  id: z.string().min(1),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('user'), userId: z.string().min(1) }),
    z.object({ kind: z.literal('channel'), channelId: z.string().min(1) }),
  ]),
  name: z.string().optional(),
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM'),
  timeZone: z.string().min(1),
  since: z.iso.datetime({ offset: true }),
  lastSentDate: z.string().regex(LOCAL_DATE, 'must be YYYY-MM-DD').optional(),
  createdBy: z.object({ id: z.string(), name: z.string().optional() }),
}) satisfies z.ZodType<DigestSubscription>;

/** Digest subscriptions in `DATA_DIR/digest-subscriptions.jsonl`, keyed by subscription id. */
export class JournalDigestSubscriptions implements DigestSubscriptionRepository {
  private constructor(private readonly journal: Journal<DigestSubscription>) {}

  static async open(dataDir: string): Promise<JournalDigestSubscriptions> {
    return new JournalDigestSubscriptions(
      await Journal.open(path.join(dataDir, 'digest-subscriptions.jsonl'), subscriptionSchema),
    );
  }

  async list(): Promise<DigestSubscription[]> {
    return this.journal.values();
  }

  async get(id: string): Promise<DigestSubscription | undefined> {
    return this.journal.get(id);
  }

  save(subscription: DigestSubscription): Promise<void> {
    return this.journal.set(subscription.id, subscription);
  }

  async remove(id: string): Promise<boolean> {
    if (!this.journal.has(id)) return false;
    await this.journal.delete(id);
    return true;
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
