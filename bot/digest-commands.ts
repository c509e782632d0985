import { CardFactory, type TurnContext } from 'botbuilder';
import { renderDigestCard } from '../cards/digest-card.js';
import type { ChannelCandidate } from '../src/delivery/channel-admin.js';
import { nextOccurrence } from '../src/digest/digest-due.js';
import type { DigestPlace, DigestService } from '../src/triage/digest/digest-service.js';
import type { DigestSubscription } from '../src/triage/digest/digest-subscription.js';
import { localDateOf, localDayLabel } from '../src/triage/digest/local-time.js';
import type { Clock } from '../src/triage/ports.js';
import { TriageError } from '../src/triage/triage-error.js';
import type { Actor } from './actor.js';
import type { TextCommand } from './text-commands.js';

export type DigestCommand = Extract<
  TextCommand,
  { name: 'digestSubscribe' | 'digestUnsubscribe' | 'digestSettings' | 'digestNow' }
>;

/**
 * `digest subscribe|unsubscribe|settings|now`. In a personal chat they are about the sender's own digest
 * (the chat is where it will arrive); @mentioned in a triage channel, about the channel's digest.
 */
export class DigestCommands {
  constructor(
    private readonly digests: DigestService,
    private readonly clock: Clock,
  ) {}

  async handle(
    context: TurnContext,
    actor: Actor,
    command: DigestCommand,
    here: ChannelCandidate | undefined,
  ): Promise<void> {
    const place = placeOf(context, here);
    // Teams sends the client's IANA zone on activities (e.g. "Europe/Berlin"); absent in some clients.
    const clientTimeZone = context.activity.localTimezone || undefined;
    switch (command.name) {
      case 'digestSubscribe': {
        const sub = await this.digests.subscribe(actor, place, {
          time: command.time,
          timeZone: command.timeZone,
          clientTimeZone,
        });
        const who = place.kind === 'personal' ? 'Your DLP digest arrives here' : 'This channel gets the DLP digest';
        const hint =
          !command.timeZone && !clientTimeZone
            ? ' Teams did not tell me your time zone, so I used UTC: add yours, e.g. **digest subscribe 08:00 Europe/Berlin**.'
            : '';
        await context.sendActivity(
          `Subscribed. ${who} every day at ${this.schedule(sub)}.${hint} Send **digest now** for one right away, **digest unsubscribe** to stop.`,
        );
        return;
      }
      case 'digestUnsubscribe': {
        const removed = await this.digests.unsubscribe(actor, place);
        await context.sendActivity(
          removed ? 'Unsubscribed: no more daily digests here.' : 'There was no digest subscription here.',
        );
        return;
      }
      case 'digestSettings': {
        const sub = this.digests.settings(actor, place);
        const last = sub?.lastSentDate ? ` Last sent for ${sub.lastSentDate}.` : '';
        await context.sendActivity(
          sub
            ? `${place.kind === 'personal' ? 'Your DLP digest' : "This channel's DLP digest"}: every day at ${this.schedule(sub)}.${last}`
            : 'No digest subscription here. Send **digest subscribe [HH:MM] [Area/City]** to get one, e.g. digest subscribe 08:00 Europe/Berlin.',
        );
        return;
      }
      case 'digestNow': {
        const card = renderDigestCard(await this.digests.digestNow(actor, place, clientTimeZone));
        await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
        return;
      }
    }
  }

  /** "**07:30** Europe/London (next: Tue 11 Mar)". */
  private schedule(sub: DigestSubscription): string {
    let next = nextOccurrence(sub.time, sub.timeZone, this.clock.now());
    // Moved to a later time on a day that already had its digest: the next one is tomorrow's.
    if (next && sub.lastSentDate && localDateOf(next, sub.timeZone) <= sub.lastSentDate)
      next = nextOccurrence(sub.time, sub.timeZone, next);
    return `**${sub.time}** ${sub.timeZone}${next ? ` (next: ${localDayLabel(next, sub.timeZone)})` : ''}`;
  }
}

function placeOf(context: TurnContext, here: ChannelCandidate | undefined): DigestPlace {
  if (here) return { kind: 'channel', channelId: here.channelId };
  if (context.activity.conversation?.conversationType === 'personal') return { kind: 'personal' };
  throw new TriageError(
    'invalid',
    'Digests go to a personal chat with me (message me directly) or to a triage channel, not to a group chat.',
  );
}
