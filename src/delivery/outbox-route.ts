import type { CardRegistry } from './card-registry.js';
import type { ChannelRegistry } from './channel-registry.js';
import type { OutboxItem } from './outbox.js';
import type { PersonalChats } from './personal-chats.js';
import type { StormControl } from './storm-control.js';

/** Where an item goes: the rate-limit key (its channel) and how to reach it. */
export type OutboxRoute =
  | { kind: 'ready'; key: string; tenantId: string }
  | { kind: 'wait' }
  | { kind: 'drop'; reason: string; quiet?: boolean };

/** What routing an item reads: all synchronous, in-memory views (the sender's tick routes every item). */
export interface RouteLookups {
  cards: CardRegistry;
  channels: ChannelRegistry;
  chats: PersonalChats;
  /** Storm control, when storms are folded: storm cards live in the thread of their first alert. */
  storms?: StormControl;
}

/**
 * Where an item goes now: ready (with its channel or chat), wait (a post or reply whose channel or card
 * is not known yet), or drop (it can never be delivered; `quiet` when that is expected, not a failure).
 */
export function routeOf(item: OutboxItem, lookups: RouteLookups): OutboxRoute {
  const { channels, chats } = lookups;
  if (item.kind === 'postStorm' || item.kind === 'updateStorm') return stormRoute(item, lookups);
  if (item.kind === 'personalMessage') {
    const chat = chats.get(item.userId);
    // Only people who have a 1:1 chat with the bot can be reached; the rest get the thread mention.
    return chat
      ? { kind: 'ready', key: `chat:${chat.conversationId}`, tenantId: chat.tenantId }
      : { kind: 'drop', reason: 'no personal chat with this user', quiet: true };
  }
  if (item.kind === 'conversationMessage') {
    const { conversationId, tenantId } = item.address;
    return { kind: 'ready', key: conversationKey(conversationId, channels), tenantId };
  }
  // A card in an incident's thread goes once that thread exists.
  if (item.kind === 'postAlert' && item.inThreadOf && !lookups.cards.get(item.inThreadOf)) return { kind: 'wait' };
  const channelId =
    item.kind === 'postAlert' || item.kind === 'channelPost'
      ? item.channelId
      : threadCardOf(alertIdOf(item), lookups)?.channelId;
  if (!channelId)
    return item.kind === 'updateAlert' ? { kind: 'drop', reason: 'the alert has no posted card' } : { kind: 'wait' };
  const channel = channels.get(channelId);
  if (!channel) return { kind: 'drop', reason: `channel ${channelId} is no longer registered` };
  return { kind: 'ready', key: channelId, tenantId: channel.tenantId };
}

/** A storm card goes to its first alert's thread once that is posted; an update needs the card posted. */
function stormRoute(item: StormItem, { cards, channels, storms }: RouteLookups): OutboxRoute {
  const storm = storms?.get(item.stormId);
  if (!storm) return { kind: 'drop', reason: 'the storm is unknown' };
  const host = cards.get(storm.hostAlertId);
  if (!host) return { kind: 'wait' };
  if (item.kind === 'updateStorm' && !storm.activityId)
    return { kind: 'drop', reason: 'the storm card was not posted' };
  const channel = channels.get(host.channelId);
  if (!channel) return { kind: 'drop', reason: `channel ${host.channelId} is no longer registered` };
  return { kind: 'ready', key: host.channelId, tenantId: channel.tenantId };
}

/**
 * The posted card whose thread is an alert's: its own card, or for an alert folded into a storm the card
 * of the storm's first alert (where the storm card is).
 */
export function threadCardOf(alertId: string, { cards, storms }: Pick<RouteLookups, 'cards' | 'storms'>) {
  const storm = storms?.stormOf(alertId);
  return cards.get(alertId) ?? (storm && cards.get(storm.hostAlertId));
}

/**
 * The rate-limit key of a conversation: a triage channel's threads share their channel's limits (Teams
 * counts a channel as one conversation); any other conversation counts on its own.
 */
export function conversationKey(conversationId: string, channels: Pick<ChannelRegistry, 'get'>): string {
  const channelId = conversationId.split(';')[0]!;
  return channels.get(channelId) ? channelId : `chat:${conversationId}`;
}

/** Items that are about no one alert. */
export type UnboundItem = Extract<
  OutboxItem,
  { kind: 'personalMessage' | 'channelPost' | 'conversationMessage' | 'postStorm' | 'updateStorm' }
>;
/** Items of a storm card. */
export type StormItem = Extract<OutboxItem, { kind: 'postStorm' | 'updateStorm' }>;

/** The alert an alert-bound item is about. */
export function alertIdOf(item: Exclude<OutboxItem, UnboundItem>): string {
  return item.kind === 'threadReply' ? item.alertId : item.alert.id;
}
