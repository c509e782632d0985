import { AlertDelivery } from '../delivery/alert-delivery.js';
import { CardRegistry } from '../delivery/card-registry.js';
import { ChannelRegistry } from '../delivery/channel-registry.js';
import { OutboxNotifier } from '../delivery/outbox-notifier.js';
import { Outbox } from '../delivery/outbox.js';
import { PersonalChats } from '../delivery/personal-chats.js';
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
}

export async function openDeliveryParts(
  state: BotState,
  directory: Directory,
  clock: Clock,
  incidents?: Pick<IncidentStore, 'get'>,
): Promise<DeliveryParts> {
  const outbox = await Outbox.load(state.outbox);
  const cards = await CardRegistry.load(state.postedCards);
  const channels = await ChannelRegistry.load(state.channels);
  const chats = await PersonalChats.load(state.personalChats);
  const delivery = new AlertDelivery(outbox, cards, channels, directory, clock, incidents);
  return { outbox, cards, channels, chats, delivery, notifier: new OutboxNotifier(delivery, outbox, clock) };
}
