import { AlertDelivery } from '../delivery/alert-delivery.js';
import { CardRegistry } from '../delivery/card-registry.js';
import { ChannelRegistry } from '../delivery/channel-registry.js';
import { OutboxNotifier } from '../delivery/outbox-notifier.js';
import { Outbox } from '../delivery/outbox.js';
import { PersonalChats } from '../delivery/personal-chats.js';
import { StormControl, type StormOptions } from '../delivery/storm-control.js';
import type { BotState } from '../state/bot-state.js';
import type { Clock, Directory } from '../triage/ports.js';
import type { IncidentStore } from '../triage/incidents/incident.js';

/** Delivery's registries over the bot's state, and how the domain's notices become outbox items. */
export interface DeliveryParts {
  outbox: Outbox;
  cards: CardRegistry;
  channels: ChannelRegistry;
  chats: PersonalChats;
  delivery: AlertDelivery;
  notifier: OutboxNotifier;
  /** Folds bursts of one user's alerts of one policy into storm cards (STORM_THRESHOLD, STORM_WINDOW_MINUTES). */
  storms: StormControl;
}

export async function openDeliveryParts(
  state: BotState,
  directory: Directory,
  clock: Clock,
  stormOptions: StormOptions,
  incidents?: Pick<IncidentStore, 'get'>,
): Promise<DeliveryParts> {
  const outbox = await Outbox.load(state.outbox);
  const cards = await CardRegistry.load(state.postedCards);
  const channels = await ChannelRegistry.load(state.channels);
  const chats = await PersonalChats.load(state.personalChats);
  const storms = await StormControl.load(state.storms, stormOptions);
  const delivery = new AlertDelivery(outbox, cards, channels, directory, clock, { storms, incidents });
  return { outbox, cards, channels, chats, delivery, storms, notifier: new OutboxNotifier(delivery, outbox, clock) };
}
