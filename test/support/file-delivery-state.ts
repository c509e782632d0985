import { CardRegistry } from '../../src/delivery/card-registry.js';
import { ChannelRegistry } from '../../src/delivery/channel-registry.js';
import { Outbox } from '../../src/delivery/outbox.js';
import { PersonalChats } from '../../src/delivery/personal-chats.js';
import { JournalChannels } from '../../src/state/file/journal-channels.js';
import { JournalOutbox } from '../../src/state/file/journal-outbox.js';
import { JournalPersonalChats } from '../../src/state/file/journal-personal-chats.js';
import { JournalPostedCards } from '../../src/state/file/journal-posted-cards.js';
import { JournalStorms } from '../../src/state/file/journal-storms.js';
import { StormControl, type StormOptions } from '../../src/delivery/storm-control.js';

/**
 * Delivery's state classes over the file repositories in `dir`, one at a time (a second call reads the
 * files again, as a restart would); `close` closes every file opened.
 */
export class FileDeliveryState {
  private readonly opened: { close(): Promise<void> }[] = [];

  constructor(readonly dir: string) {}

  async outbox(): Promise<Outbox> {
    return Outbox.load(this.track(await JournalOutbox.open(this.dir)));
  }

  async cards(): Promise<CardRegistry> {
    return CardRegistry.load(this.track(await JournalPostedCards.open(this.dir)));
  }

  async channels(): Promise<ChannelRegistry> {
    return ChannelRegistry.load(this.track(await JournalChannels.open(this.dir)));
  }

  async chats(): Promise<PersonalChats> {
    return PersonalChats.load(this.track(await JournalPersonalChats.open(this.dir)));
  }

  async storms(options: StormOptions): Promise<StormControl> {
    return StormControl.load(this.track(await JournalStorms.open(this.dir)), options);
  }

  async close(): Promise<void> {
    for (const part of this.opened.splice(0)) await part.close();
  }

  private track<T extends { close(): Promise<void> }>(part: T): T {
    this.opened.push(part);
    return part;
  }
}
