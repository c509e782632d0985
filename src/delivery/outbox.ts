import { z } from 'zod';
import type { Alert } from '../triage/alert.js';
import type { DigestView } from '../triage/digest/digest-view.js';
import type { OutboxRepository } from './outbox-repository.js';

/**
 * The durable outbox: every outbound Teams call is an item here before it is attempted, and leaves only
 * when it succeeded or failed for good. Items of one conversation are sent in `seq` order.
 */

/** An alert snapshot is our own earlier write (a channel summary): a light check keeps large backlogs fast to load. */
export const alertSnapshot = z.custom<Alert>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as Alert).id === 'string' &&
    typeof (v as Alert).lastUpdatedAt === 'string',
  'not an alert snapshot',
);

const common = {
  id: z.string(),
  seq: z.number().int(),
  enqueuedAt: z.number(),
  attempts: z.number().int().default(0),
  /** Epoch ms before which the item must not be attempted (backoff, Retry-After). */
  notBefore: z.number().default(0),
  lastError: z.string().optional(),
};

const mentionSchema = z.object({ id: z.string(), name: z.string() });
const addressSchema = z.object({ tenantId: z.string(), serviceUrl: z.string(), conversationId: z.string() });
// A payload is our own earlier write too (a domain value, rendered at send time): the same light check.
const digestView = z.custom<DigestView>(
  (v) => typeof v === 'object' && v !== null && typeof (v as DigestView).digest === 'object',
  'not a digest view',
);
const payloadSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('digest'), view: digestView }),
  z.object({ kind: z.literal('alertCard'), alertId: z.string(), forUserId: z.string() }),
  z.object({
    kind: z.literal('alertSummary'),
    alertId: z.string(),
    teamId: z.string().optional(),
    channelId: z.string().optional(),
  }),
  /** A card rendered by the previous version (see below): sent as stored. */
  z.object({ kind: z.literal('legacyCard'), card: z.record(z.string(), z.unknown()) }),
]);
const messageSchema = z
  .object({
    text: z.string().optional(),
    mentions: z.array(mentionSchema).optional(),
    payload: payloadSchema.optional(),
    // Outbox files written by the previous version hold rendered card JSON in `card`. Such items still
    // load and send: they are read as a legacy payload. Nothing writes `card` any more.
    card: z.record(z.string(), z.unknown()).optional(),
  })
  .transform(({ card, ...message }) =>
    card && !message.payload ? { ...message, payload: { kind: 'legacyCard' as const, card } } : message,
  );
/** What a message item carries: text, mentions, and a payload the sender renders when it sends. */
export type OutboxMessage = z.infer<typeof messageSchema>;

export const outboxItemSchema = z.discriminatedUnion('kind', [
  /** A new thread with the alert's card; `channelId` null = no triage channel yet (parked). */
  z.object({
    ...common,
    kind: z.literal('postAlert'),
    alert: alertSnapshot,
    channelId: z.string().nullable(),
    /** In a channel with one thread per incident: the alert whose thread this card is a reply in. */
    inThreadOf: z.string().optional(),
  }),
  /** Re-render the alert's posted card in place. */
  z.object({ ...common, kind: z.literal('updateAlert'), alert: alertSnapshot }),
  /** A storm card: a reply in the thread of the storm's first alert, drawn from storm control when sent. */
  z.object({ ...common, kind: z.literal('postStorm'), stormId: z.string() }),
  /** Re-render a posted storm card in place. */
  z.object({ ...common, kind: z.literal('updateStorm'), stormId: z.string() }),
  /** A message in the alert's thread. */
  z.object({ ...common, kind: z.literal('threadReply'), alertId: z.string(), message: messageSchema }),
  /** A new post (not about one alert) in a triage channel, e.g. a channel digest. */
  z.object({ ...common, kind: z.literal('channelPost'), channelId: z.string(), message: messageSchema }),
  /** A 1:1 message to a user (Entra object id) in their personal chat with the bot. */
  z.object({ ...common, kind: z.literal('personalMessage'), userId: z.string(), message: messageSchema }),
  /** A new message in a conversation someone acted from (a chat, or a channel thread), as Teams addressed it. */
  z.object({ ...common, kind: z.literal('conversationMessage'), address: addressSchema, message: messageSchema }),
]);

export type OutboxItem = z.infer<typeof outboxItemSchema>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An item as callers hand it in; the outbox assigns order and attempt bookkeeping. */
export type NewOutboxItem = DistributiveOmit<OutboxItem, 'seq' | 'enqueuedAt' | 'attempts' | 'notBefore' | 'lastError'>;

/**
 * The queue itself: ordering, collapsing by id, and change listeners; the items are stored through an
 * OutboxRepository. Sending lives in OutboxSender. The queue also keeps every pending item in memory and
 * reads the repository only when it is loaded: the sender's tick asks for the pending items in send order
 * after every send (thousands of times a second while a backlog drains, see `npm run bench` [1]), and a
 * synchronous, cached view is what keeps that cheap. A store shared by several replicas will need the
 * view refreshed from it (and one replica owning each conversation); one process does not.
 */
export class Outbox {
  private seq = 0;
  private readonly pending = new Map<string, OutboxItem>();
  private sorted?: readonly OutboxItem[];
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly repository: OutboxRepository,
    stored: readonly OutboxItem[],
  ) {
    for (const item of stored) {
      this.pending.set(item.id, item);
      this.seq = Math.max(this.seq, item.seq);
    }
  }

  /** The queue over what the repository holds now. */
  static async load(repository: OutboxRepository): Promise<Outbox> {
    return new Outbox(repository, await repository.list());
  }

  get size(): number {
    return this.pending.size;
  }

  get(id: string): OutboxItem | undefined {
    return this.pending.get(id);
  }

  /** Pending items in send order (kept between changes: the sender asks on every tick). */
  items(): readonly OutboxItem[] {
    this.sorted ??= [...this.pending.values()].sort((a, b) => a.seq - b.seq);
    return this.sorted;
  }

  /**
   * Durably adds items; an item whose id is already queued replaces it (so pending updates of one card
   * collapse into the newest) and keeps its place in line and its attempt bookkeeping.
   */
  async put(items: NewOutboxItem[], now: number): Promise<void> {
    if (items.length === 0) return;
    const changes = items.map((item): OutboxItem => {
      const existing = this.pending.get(item.id);
      const base = existing ?? { seq: ++this.seq, enqueuedAt: now, attempts: 0, notBefore: 0 };
      return { ...base, ...item, seq: base.seq } as OutboxItem;
    });
    await this.store(changes);
    this.sorted = undefined;
    this.notify();
  }

  /** Durably replaces queued items (attempt bookkeeping, routing of parked items) in one write. */
  async replace(...items: OutboxItem[]): Promise<void> {
    if (items.length === 0) return;
    await this.store(items);
    this.sorted = undefined;
    this.notify();
  }

  /** Durably removes an item that was sent or failed for good. */
  async remove(id: string): Promise<void> {
    const item = this.pending.get(id);
    if (!item) return;
    this.pending.delete(id);
    await this.repository.remove(id);
    if (this.sorted) {
      const index = this.sorted.indexOf(item);
      if (index >= 0) this.sorted = [...this.sorted.slice(0, index), ...this.sorted.slice(index + 1)];
    }
  }

  /** Called whenever new work may be ready. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The in-memory view changes before the write starts, as one synchronous step with the read before it. */
  private store(items: readonly OutboxItem[]): Promise<void> {
    for (const item of items) this.pending.set(item.id, item);
    return this.repository.save(items);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
