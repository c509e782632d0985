import { z } from 'zod';
import { md } from '../../cards/card-text.js';
import { renderDigestCard } from '../../cards/digest-card.js';
import { dayLabel } from '../../cards/reader-dates.js';
import type { Messages } from '../../src/i18n/messages.js';
import type { Translator } from '../../src/i18n/translator.js';
import { nextOccurrence } from '../../src/digest/digest-due.js';
import type { DigestPlace, DigestService } from '../../src/triage/digest/digest-service.js';
import type { DigestSubscription } from '../../src/triage/digest/digest-subscription.js';
import { localDateOf } from '../../src/triage/digest/local-time.js';
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
 * (the chat is where it will arrive) and answer in the sender's language; @mentioned in a triage channel,
 * about the channel's digest, and a channel's digest is English like every channel post (many read it).
 */
export function digestCommand(digests: DigestService, clock: Clock, messages: Pick<Messages, 'translator'>): Inputs {
  return { textCommands: [textCommand(DIGEST_COMMAND, (r) => run(digests, clock, messages, r))] };
}

async function run(
  digests: DigestService,
  clock: Clock,
  messages: Pick<Messages, 'translator'>,
  r: CommandRequest<DigestArgs>,
): Promise<Answer> {
  const place = placeOf(r);
  const { actor, args, clientTimeZone, i18n } = r;
  const kind = place.kind;
  switch (args.op) {
    case 'subscribe': {
      const sub = await digests.subscribe(actor, place, { time: args.time, timeZone: args.timeZone, clientTimeZone });
      const hint = !args.timeZone && !clientTimeZone ? [i18n.t('digest.noZoneHint')] : [];
      const subscribed = i18n.t('digest.subscribed', { place: kind, schedule: schedule(sub, clock, i18n) });
      return textAnswer(sentences([subscribed, ...hint, i18n.t('digest.howToStop')], i18n));
    }
    case 'unsubscribe': {
      const removed = await digests.unsubscribe(actor, place);
      return textAnswer(i18n.t(removed ? 'digest.unsubscribed' : 'digest.noSubscription'));
    }
    case 'settings': {
      const sub = digests.settings(actor, place);
      if (!sub) return textAnswer(i18n.t('digest.settingsNone'));
      const settings = i18n.t('digest.settings', { place: kind, schedule: schedule(sub, clock, i18n) });
      const last = sub.lastSentDate ? [i18n.t('digest.lastSent', { date: localDate(sub.lastSentDate, i18n) })] : [];
      return textAnswer(sentences([settings, ...last], i18n));
    }
    case 'now': {
      const reader = kind === 'channel' ? messages.translator() : i18n;
      return cardAnswer(renderDigestCard(await digests.digestNow(actor, place, clientTimeZone), reader));
    }
  }
}

/** "**07:30** Europe/London (next: Tue, Mar 11)": the time as the person typed it, the next day in their words. */
function schedule(sub: DigestSubscription, clock: Clock, i18n: Translator): string {
  let next = nextOccurrence(sub.time, sub.timeZone, clock.now());
  // Moved to a later time on a day that already had its digest: the next one is tomorrow's.
  if (next && sub.lastSentDate && localDateOf(next, sub.timeZone) <= sub.lastSentDate) {
    next = nextOccurrence(sub.time, sub.timeZone, next);
  }
  const at = { time: sub.time, zone: sub.timeZone };
  return next
    ? i18n.t('digest.scheduleNext', { ...at, next: dayLabel(i18n, next, sub.timeZone) })
    : i18n.t('digest.schedule', at);
}

/** Sentences one after the other, as the language writes them (a space, or none in Japanese). */
const sentences = ([first, ...rest]: string[], i18n: Translator) =>
  rest.reduce((text, second) => i18n.t('digest.twoSentences', { first: text, second }), first ?? '');

/** A `YYYY-MM-DD` local date as the reader writes dates (it is a calendar day: no zone moves it). */
const localDate = (date: string, i18n: Translator) =>
  /^\d{4}-\d{2}-\d{2}$/.test(date) ? dayLabel(i18n, `${date}T12:00:00Z`, 'UTC') : md(date);

function placeOf({ here, conversationType }: CommandRequest<unknown>): DigestPlace {
  if (here) return { kind: 'channel', channelId: here.channelId };
  if (conversationType === 'personal') return { kind: 'personal' };
  throw new TriageError(
    'invalid',
    'Digests go to a personal chat with me (message me directly) or to a triage channel, not to a group chat.',
    { key: 'digest.notGroupChat' },
  );
}
