import type { Alert } from '../triage/alert.js';
import type { CardRegistry } from './card-registry.js';
import type { StormItem } from './outbox-route.js';
import type { StormControl } from './storm-control.js';
import type { Storm } from './storm-repository.js';
import type { TeamsSender } from './teams-sender.js';

/** What sending a storm card needs: storm control, the posted cards (its thread), Teams and the card. */
export interface StormSendTargets {
  cards: CardRegistry;
  storms: StormControl;
  teams: TeamsSender;
  /** The storm card as the channel sees it, from the storm and its members (newest first); never throws. */
  renderStorm: (storm: Storm, members: readonly Alert[]) => Promise<Record<string, unknown>> | Record<string, unknown>;
}

/**
 * Posts the storm card as a reply in its first alert's thread (recording where it went) or redraws it in
 * place; drawn now from what storm control holds, so a card always shows every member known when it goes.
 * Throws DeliveryError when Teams refuses. Its route (outbox-route.ts) was ready: the storm and the thread exist.
 */
export async function sendStormItem(item: StormItem, targets: StormSendTargets): Promise<void> {
  const { cards, storms, teams, renderStorm } = targets;
  const storm = storms.get(item.stormId)!;
  const host = cards.get(storm.hostAlertId)!;
  const thread = { tenantId: host.tenantId, serviceUrl: host.serviceUrl, conversationId: host.conversationId };
  const card = await renderStorm(storm, storms.membersOf(storm.id));
  if (item.kind === 'postStorm' && !storm.activityId) {
    const { activityId } = await teams.send(thread, { card });
    await storms.posted(storm.id, activityId);
    return;
  }
  await teams.update(thread, storm.activityId!, { card });
}
