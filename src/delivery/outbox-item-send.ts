import type { Alert } from '../triage/alert.js';
import type { NoticePayload } from '../triage/ports.js';
import { alertIdOf, threadCardOf, type RouteLookups } from './outbox-route.js';
import { sendStormItem, type StormSendTargets } from './storm-send.js';
import type { OutboxItem, OutboxMessage } from './outbox.js';
import type { ConversationAddress, OutboundMessage, TeamsSender } from './teams-sender.js';

/** What sending one item needs: the lookups its route was found with, Teams, and how to draw cards. */
export interface SendTargets extends RouteLookups {
  teams: TeamsSender;
  /**
   * The channel card of an alert posted or updated in a channel; may read the team roster and the directory
   * (who it refreshes for), so it may take a moment, but it answers a card and never throws.
   */
  renderCard: (
    alert: Alert,
    where: { channelId: string },
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /**
   * May read the backend (an alert's card for one person): it answers a card, never throws. `recipientId`
   * (a 1:1 message's) lets it write in that person's last known language and zone.
   */
  renderNotice: (
    payload: NoticePayload,
    recipientId?: string,
  ) => Promise<Record<string, unknown>> | Record<string, unknown>;
  /** How storm cards are drawn, when storms are folded (with `storms`). */
  renderStorm?: StormSendTargets['renderStorm'];
}

/**
 * Makes the Teams call of one item whose route is ready, and records a posted or updated card. Cards are
 * rendered now, from the alert snapshot or the notice payload the item carries. Throws DeliveryError
 * when Teams refuses.
 */
export async function sendOutboxItem(item: OutboxItem, targets: SendTargets): Promise<void> {
  const { cards, channels, chats, teams, renderCard } = targets;
  const outbound = (message: OutboxMessage, recipientId?: string) =>
    outboundMessage(message, (payload) => targets.renderNotice(payload, recipientId));
  if (item.kind === 'postAlert') return postAlertCard(item, targets);
  if (item.kind === 'personalMessage') {
    await teams.send(chats.get(item.userId)!, await outbound(item.message, item.userId));
    return;
  }
  if (item.kind === 'conversationMessage') {
    await teams.send(item.address, await outbound(item.message));
    return;
  }
  if (item.kind === 'channelPost') {
    await teams.startThread(channels.get(item.channelId)!, await outbound(item.message));
    return;
  }
  if (item.kind === 'postStorm' || item.kind === 'updateStorm') {
    const { storms, renderStorm } = targets;
    // routeOf drops storm items when storm control is off, so both are here.
    await sendStormItem(item, { cards, teams, storms: storms!, renderStorm: renderStorm! });
    return;
  }
  const card = threadCardOf(alertIdOf(item), targets)!;
  const thread: ConversationAddress = {
    tenantId: card.tenantId,
    serviceUrl: card.serviceUrl,
    conversationId: card.conversationId,
  };
  if (item.kind === 'updateAlert') {
    const rendered = await renderCard(item.alert, { channelId: card.channelId });
    await teams.update(thread, card.activityId, { card: rendered });
    await cards.save({ ...card, version: item.alert.lastUpdatedAt });
  } else {
    await teams.send(thread, await outbound(item.message));
  }
}

/** The Teams message for a stored one: its payload rendered now; a legacy card as the old version stored it. */
async function outboundMessage(
  { payload, ...message }: OutboxMessage,
  renderNotice: (payload: NoticePayload) => ReturnType<SendTargets['renderNotice']>,
): Promise<OutboundMessage> {
  if (!payload) return message;
  return { ...message, card: payload.kind === 'legacyCard' ? payload.card : await renderNotice(payload) };
}

/**
 * A new alert's card: a new thread in its channel, or a reply in its incident's thread (a channel with one
 * thread per incident); recorded with its incident so later alerts of the incident find the thread.
 */
async function postAlertCard(item: Extract<OutboxItem, { kind: 'postAlert' }>, targets: SendTargets): Promise<void> {
  const { cards, channels, teams, renderCard } = targets;
  const channel = channels.get(item.channelId!)!;
  const card = await renderCard(item.alert, { channelId: channel.channelId });
  const host = item.inThreadOf ? cards.get(item.inThreadOf) : undefined;
  const { conversationId, activityId } = host
    ? { conversationId: host.conversationId, ...(await teams.send(host, { card })) }
    : await teams.startThread(channel, { card });
  await cards.save({
    alertId: item.alert.id,
    channelId: channel.channelId,
    tenantId: channel.tenantId,
    serviceUrl: channel.serviceUrl,
    conversationId,
    activityId,
    version: item.alert.lastUpdatedAt,
    ...(item.alert.incidentId && { incidentId: item.alert.incidentId }),
    ...(host && { inThreadOf: item.inThreadOf }),
  });
}
