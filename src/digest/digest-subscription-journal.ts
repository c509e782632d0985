import path from 'node:path';
import { z } from 'zod';
import { Journal } from '../state/file/journal.js';
import type { DigestSubscription, DigestSubscriptionStore } from '../triage/digest/digest-subscription.js';

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

/**
 * Digest subscriptions in `DATA_DIR/digest-subscriptions.jsonl`, with the local date each was last sent
 * for. Listeners hear about every change, so the scheduler picks it up without a restart.
 */
export class DigestSubscriptionJournal implements DigestSubscriptionStore {
  private readonly listeners = new Set<() => void>();

  private constructor(private readonly journal: Journal<DigestSubscription>) {}

  static async open(dataDir: string): Promise<DigestSubscriptionJournal> {
    return new DigestSubscriptionJournal(
      await Journal.open(path.join(dataDir, 'digest-subscriptions.jsonl'), subscriptionSchema),
    );
  }

  list(): DigestSubscription[] {
    return this.journal.values();
  }

  get(id: string): DigestSubscription | undefined {
    return this.journal.get(id);
  }

  async save(subscription: DigestSubscription): Promise<void> {
    await this.journal.set(subscription.id, subscription);
    this.notify();
  }

  async remove(id: string): Promise<boolean> {
    if (!this.journal.has(id)) return false;
    await this.journal.delete(id);
    this.notify();
    return true;
  }

  /** Called after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    return this.journal.close();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
