import { z } from 'zod';
import { renderDigestCard } from '../../cards/digest-card.js';
import { nextOccurrence } from '../../src/digest/digest-due.js';
import type { DigestPlace, DigestService } from '../../src/triage/digest/digest-service.js';
import type { DigestSubscription } from '../../src/triage/digest/digest-subscription.js';
import { localDateOf, localDayLabel } from '../../src/triage/digest/local-time.js';
import type { Clock } from '../../src/triage/ports.js';
import { TriageError } from '../../src/triage/triage-error.js';
import { cardAnswer, textAnswer, type Answer } from '../registry/answer.js';
import type { Inputs } from '../registry/registry.js';
import { textCommand, type CommandRequest, type TextCommandSpec } from '../registry/text-command.js';

/**
 * `subscribe [HH:MM] [Area/City]` (either order: a word starting with a digit is the time), `now`,
 * `settings`, `unsubscribe`.
 */
const digestArgs = z.string().transform((text, ctx) => {
  const [verb, ...args] = text.toLowerCase() === '' ? [] : text.split(' ');
  const op = verb?.toLowerCase();
  if (op === 'subscribe' && args.length <= 2) {
    const time = args.filter((a) => /^\d/.test(a));
    const zone = args.filter((a) => !/^\d/.test(a));
    if (time.length <= 1 && zone.length <= 1) return { op: 'subscribe' as const, time: time[0], timeZone: zone[0] };
  } else if (args.length === 0) {
    if (op === undefined || op === 'settings') return { op: 'settings' as const };
    if (op === 'now') return { op: 'now' as const };
    if (op === 'unsubscribe' || op === 'stop') return { op: 'unsubscribe' as const };
  }
  ctx.addIssue({ code: 'invalid_value', values: [], message: 'not a digest command' });
  return z.NEVER;
});
type DigestArgs = z.infer<typeof digestArgs>;

export const DIGEST_COMMAND = {
  name: 'digest',
  usage: 'digest <subscribe [HH:MM] [Area/City] | now | settings | unsubscribe>',
  description:
    'Your daily digest in this chat (default 08:00 in your Teams time zone); in a triage channel, the channel’s digest (admins).',
  permission: 'digest.receive',
  parse: digestArgs,
  menu: 'Daily digest: digest subscribe [HH:MM] [Area/City], digest now, digest settings, digest unsubscribe',
} satisfies TextCommandSpec<DigestArgs>;

/**
 * `digest subscribe|unsubscribe|settings|now`. In a personal chat they are about the sender's own digest
 * (the chat is where it will arrive); @mentioned in a triage channel, about the channel's digest.
 */
export function digestCommand(digests: DigestService, clock: Clock): Inputs {
  return { textCommands: [textCommand(DIGEST_COMMAND, (r) => run(digests, clock, r))] };
}

async function run(digests: DigestService, clock: Clock, r: CommandRequest<DigestArgs>): Promise<Answer> {
  const place = placeOf(r);
  const { actor, args, clientTimeZone } = r;
  switch (args.op) {
    case 'subscribe': {
      const sub = await digests.subscribe(actor, place, { time: args.time, timeZone: args.timeZone, clientTimeZone });
      const who = place.kind === 'personal' ? 'Your DLP digest arrives here' : 'This channel gets the DLP digest';
      const hint =
        !args.timeZone && !clientTimeZone
          ? ' Teams did not tell me your time zone, so I used UTC: add yours, e.g. **digest subscribe 08:00 Europe/Berlin**.'
          : '';
      return textAnswer(
        `Subscribed. ${who} every day at ${schedule(sub, clock)}.${hint} Send **digest now** for one right away, **digest unsubscribe** to stop.`,
      );
    }
    case 'unsubscribe': {
      const removed = await digests.unsubscribe(actor, place);
      return textAnswer(
        removed ? 'Unsubscribed: no more daily digests here.' : 'There was no digest subscription here.',
      );
    }
    case 'settings': {
      const sub = digests.settings(actor, place);
      if (!sub) {
        return textAnswer(
          'No digest subscription here. Send **digest subscribe [HH:MM] [Area/City]** to get one, e.g. digest subscribe 08:00 Europe/Berlin.',
        );
      }
      const last = sub.lastSentDate ? ` Last sent for ${sub.lastSentDate}.` : '';
      const whose = place.kind === 'personal' ? 'Your DLP digest' : "This channel's DLP digest";
      return textAnswer(`${whose}: every day at ${schedule(sub, clock)}.${last}`);
    }
    case 'now':
      return cardAnswer(renderDigestCard(await digests.digestNow(actor, place, clientTimeZone)));
  }
}

/** "**07:30** Europe/London (next: Tue 11 Mar)". */
function schedule(sub: DigestSubscription, clock: Clock): string {
  let next = nextOccurrence(sub.time, sub.timeZone, clock.now());
  // Moved to a later time on a day that already had its digest: the next one is tomorrow's.
  if (next && sub.lastSentDate && localDateOf(next, sub.timeZone) <= sub.lastSentDate) {
    next = nextOccurrence(sub.time, sub.timeZone, next);
  }
  return `**${sub.time}** ${sub.timeZone}${next ? ` (next: ${localDayLabel(next, sub.timeZone)})` : ''}`;
}

function placeOf({ here, conversationType }: CommandRequest<unknown>): DigestPlace {
  if (here) return { kind: 'channel', channelId: here.channelId };
  if (conversationType === 'personal') return { kind: 'personal' };
  throw new TriageError(
    'invalid',
    'Digests go to a personal chat with me (message me directly) or to a triage channel, not to a group chat.',
  );
}
