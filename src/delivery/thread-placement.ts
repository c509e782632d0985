import type { Alert } from '../triage/alert.js';
import type { CardRegistry } from './card-registry.js';
import type { NewOutboxItem, Outbox } from './outbox.js';
import type { StormControl } from './storm-control.js';
import type { Storm } from './storm-repository.js';

/** The channel routing chose for a new alert, and whether that channel keeps one thread per incident. */
export interface Placement {
  channelId: string;
  byIncident: boolean;
}

/**
 * Where a new alert's card goes in its channel: a reply in its incident's thread (a channel with one
 * thread per incident, once the incident has a thread there or one queued), else the storm card of its
 * user and policy when it is part of a storm, else a thread of its own.
 */
export class ThreadPlacement {
  constructor(
    private readonly outbox: Outbox,
    private readonly cards: CardRegistry,
    private readonly storms?: StormControl,
  ) {}

  /** The item for the alert (its channel summary); `batch` holds the items decided before it, not yet queued. */
  itemFor(alert: Alert, { channelId, byIncident }: Placement, batch: readonly NewOutboxItem[]): NewOutboxItem {
    const host = byIncident ? this.incidentThread(alert, channelId, batch) : undefined;
    if (host) return { id: `post:${alert.id}`, kind: 'postAlert', alert, channelId, inThreadOf: host };
    const storm = this.storms?.place(alert, channelId);
    if (storm) return stormItem(storm);
    return { id: `post:${alert.id}`, kind: 'postAlert', alert, channelId };
  }

  /** The alert whose thread in the channel is the incident's: posted, queued, or decided in this batch. */
  private incidentThread(alert: Alert, channelId: string, batch: readonly NewOutboxItem[]): string | undefined {
    const incidentId = alert.incidentId;
    if (!incidentId) return undefined;
    const posted = this.cards.incidentThread(channelId, incidentId);
    if (posted) return posted;
    const opens = (item: NewOutboxItem) =>
      item.kind === 'postAlert' &&
      item.channelId === channelId &&
      !item.inThreadOf &&
      item.alert.id !== alert.id &&
      item.alert.incidentId === incidentId;
    const queued = batch.find(opens) ?? this.outbox.items().find(opens);
    return queued?.kind === 'postAlert' ? queued.alert.id : undefined;
  }
}

/** A storm card's item: its post until it is posted (collapsing, drawn when sent), then an update. */
export function stormItem(storm: Storm): NewOutboxItem {
  return storm.activityId
    ? { id: `update-storm:${storm.id}`, kind: 'updateStorm', stormId: storm.id }
    : { id: `post-storm:${storm.id}`, kind: 'postStorm', stormId: storm.id };
}
