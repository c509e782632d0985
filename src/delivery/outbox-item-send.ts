import type { Alert } from '../triage/alert.js';
import { alertIdOf, type RouteLookups } from './outbox-route.js';
import type { OutboxItem } from './outbox.js';
import type { ConversationAddress, TeamsSender } from './teams-sender.js';

/** What sending one item needs: the lookups its route was found with, Teams, and the channel card. */
export interface SendTargets extends RouteLookups {
  teams: TeamsSender;
  renderCard: (alert: Alert) => Record<string, unknown>;
}

/**
 * Makes the Teams call of one item whose route is ready, and records a posted or updated card. Cards are
 * rendered now, from the alert snapshot the item carries. Throws DeliveryError when Teams refuses.
 */
export async function sendOutboxItem(item: OutboxItem, targets: SendTargets): Promise<void> {
  const { cards, channels, chats, teams, renderCard } = targets;
  if (item.kind === 'postAlert') {
    const channel = channels.get(item.channelId!)!;
    const { conversationId, activityId } = await teams.startThread(channel, { card: renderCard(item.alert) });
    await cards.save({
      alertId: item.alert.id,
      channelId: channel.channelId,
      tenantId: channel.tenantId,
      serviceUrl: channel.serviceUrl,
      conversationId,
      activityId,
      version: item.alert.lastUpdatedAt,
    });
    return;
  }
  if (item.kind === 'personalMessage') {
    await teams.send(chats.get(item.userId)!, item.message);
    return;
  }
  if (item.kind === 'channelPost') {
    await teams.startThread(channels.get(item.channelId)!, item.message);
    return;
  }
  const card = cards.get(alertIdOf(item))!;
  const thread: ConversationAddress = {
    tenantId: card.tenantId,
    serviceUrl: card.serviceUrl,
    conversationId: card.conversationId,
  };
  if (item.kind === 'updateAlert') {
    await teams.update(thread, card.activityId, { card: renderCard(item.alert) });
    await cards.save({ ...card, version: item.alert.lastUpdatedAt });
  } else {
    await teams.send(thread, item.message);
  }
}
