import type { CardRegistry, PostedCard } from './card-registry.js';
import type { StormControl } from './storm-control.js';

/**
 * Where an alert shows in its triage channel: its own card, or for an alert folded into a storm the storm
 * card (a reply in the thread of the storm's first alert; that thread's root until the storm card is
 * posted). Undefined when it shows nowhere yet. For links to it (the digest's lists).
 */
export function alertMessageOf(
  alertId: string,
  { cards, storms }: { cards: Pick<CardRegistry, 'get'>; storms?: Pick<StormControl, 'stormOf'> },
): PostedCard | undefined {
  const own = cards.get(alertId);
  if (own) return own;
  const storm = storms?.stormOf(alertId);
  const host = storm && cards.get(storm.hostAlertId);
  return host && { ...host, alertId, activityId: storm.activityId ?? host.activityId };
}
