import type { PostedCard } from '../src/delivery/card-registry.js';

/**
 * A Teams deep link to an alert's thread (its root message in the triage channel). Microsoft's documented
 * form also carries `groupId` (the team's Entra group id, which we do not store: the team id we have is
 * the `19:...` thread id) and `teamName`/`channelName`; whether Teams opens the message without `groupId`
 * is unconfirmed, so list cards keep an Open button (alert.refresh) next to this link.
 */
export function threadDeepLink(
  card: Pick<PostedCard, 'channelId' | 'activityId' | 'tenantId'> & Partial<Pick<PostedCard, 'conversationId'>>,
): string {
  // A card that is a reply in an incident's thread: the parent is the thread's root, named in the conversation id.
  const root = /;messageid=([^;]+)$/.exec(card.conversationId ?? '')?.[1] ?? card.activityId;
  const query = new URLSearchParams({ tenantId: card.tenantId, parentMessageId: root });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(card.channelId)}/${encodeURIComponent(card.activityId)}?${query}`;
}
