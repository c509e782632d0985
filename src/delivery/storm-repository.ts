import { z } from 'zod';
import { alertSnapshot } from './outbox.js';

/**
 * One user's alerts of one policy routed to one channel, as storm control counts them: the alerts that
 * opened threads within the window (oldest first) and, while one is going on, the storm they started.
 */
export const stormSeriesSchema = z.object({
  type: z.literal('series'),
  key: z.string(),
  recent: z.array(z.object({ alertId: z.string(), at: z.number() })),
  stormId: z.string().optional(),
});
export type StormSeries = z.infer<typeof stormSeriesSchema>;

/** A storm: its card is a reply in the thread of `hostAlertId`; `activityId` once that reply is posted. */
export const stormSchema = z.object({
  type: z.literal('storm'),
  id: z.string(),
  hostAlertId: z.string(),
  channelId: z.string(),
  policyName: z.string(),
  /** Creation time (epoch ms) of the newest member: the storm goes on while alerts keep coming within the window. */
  lastAt: z.number(),
  /** Counts the changes of what the card shows (members joining, members changing): the card's version. */
  revision: z.number().int().default(0),
  activityId: z.string().optional(),
});
export type Storm = z.infer<typeof stormSchema>;

/** An alert folded into a storm, with the channel summary its row on the storm card is drawn from. */
export const stormMemberSchema = z.object({
  type: z.literal('member'),
  stormId: z.string(),
  alert: alertSnapshot,
});
export type StormMember = z.infer<typeof stormMemberSchema>;

export const stormEntrySchema = z.discriminatedUnion('type', [stormSeriesSchema, stormSchema, stormMemberSchema]);
export type StormEntry = z.infer<typeof stormEntrySchema>;

/** The key an entry is stored under: one series per key, one storm per id, one member per alert. */
export function stormEntryKey(entry: StormEntry): string {
  if (entry.type === 'series') return `series:${entry.key}`;
  if (entry.type === 'storm') return `storm:${entry.id}`;
  return `member:${entry.alert.id}`;
}

/** Durable storage of storm control's state; entries replace those with the same stormEntryKey. */
export interface StormRepository {
  list(): Promise<StormEntry[]>;
  /** Stores the entries in one write; resolves once durable. */
  save(entries: readonly StormEntry[]): Promise<void>;
}
