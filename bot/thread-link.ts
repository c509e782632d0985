import type { PostedCard } from '../src/delivery/card-registry.js';

/**
 * A Teams deep link to an alert's thread (its root message in the triage channel). Microsoft's documented
 * form also carries `groupId` (the team's Entra group id, which we do not store: the team id we have is
 * the `19:...` thread id) and `teamName`/`channelName`; whether Teams opens the message without `groupId`
 * is unconfirmed, so list cards keep an Open button (alert.refresh) next to this link.
 */
export function threadDeepLink(card: Pick<PostedCard, 'channelId' | 'activityId' | 'tenantId'>): string {
  const query = new URLSearchParams({ tenantId: card.tenantId, parentMessageId: card.activityId });
  return `https://teams.microsoft.com/l/message/${encodeURIComponent(card.channelId)}/${encodeURIComponent(card.activityId)}?${query}`;
}
