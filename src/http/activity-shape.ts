import type { Activity } from 'botbuilder';
import { z } from 'zod';

/*
 * The shape of an incoming activity, checked loosely: Teams sends many fields and new ones appear, so
 * unknown fields pass; the fields the bot reads must have the types it reads them as. `null` counts as
 * absent for optional fields (JSON senders differ on that).
 */

const id = z.string().min(1).max(1024);
const text = z.string().max(100_000);
const opt = <T extends z.ZodType>(schema: T) => schema.nullish();

/** from, recipient, membersAdded[i], mentioned. */
const account = z.looseObject({ id, name: opt(z.string().max(1024)), aadObjectId: opt(z.string().max(1024)) });
const named = z.looseObject({ id, name: opt(z.string().max(1024)) });
/** An absolute http(s) URL: replies are sent there (the CloudAdapter checks it against the token's claims). */
const serviceUrl = z.url({ protocol: /^https?$/, hostname: z.regexes.hostname }).max(2048);

const activityShape = z.looseObject({
  type: z.string().min(1).max(64),
  id: opt(id),
  name: opt(z.string().max(256)),
  serviceUrl,
  channelId: id,
  from: account,
  recipient: account,
  conversation: z.looseObject({ id, conversationType: opt(z.string().max(64)), tenantId: opt(z.string().max(1024)) }),
  channelData: opt(
    z.looseObject({
      tenant: opt(z.looseObject({ id })),
      team: opt(named),
      channel: opt(named),
      eventType: opt(z.string().max(256)),
    }),
  ),
  entities: opt(
    z.array(z.looseObject({ type: z.string().max(256), mentioned: opt(account), text: opt(text) })).max(100),
  ),
  text: opt(text),
  replyToId: opt(id),
  localTimezone: opt(z.string().max(256)),
  membersAdded: opt(z.array(account).max(1000)),
  membersRemoved: opt(z.array(account).max(1000)),
  value: z.unknown().optional(),
});

/** What Teams sends for an `Action.Execute` click (`invoke` named `adaptiveCard/action`). */
const cardActionValue = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: z.string().max(256),
    data: z.record(z.string(), z.unknown()).optional(),
  }),
  trigger: opt(z.string().max(64)),
});

/** The outcome of checking a body: the activity, or the paths of the fields that are wrong (for the log). */
export type ActivityCheck = { ok: true; activity: Activity } | { ok: false; problems: string[] };

/**
 * Checks that a parsed JSON body is an activity the bot can handle. On success the activity is the very
 * object given (never a copy made by the parser, so nothing is added or reshaped on the way in).
 */
export function checkActivity(body: Record<string, unknown>): ActivityCheck {
  const base = activityShape.safeParse(body);
  if (!base.success) return { ok: false, problems: pathsOf(base.error) };
  if (base.data.type === 'invoke' && base.data.name === 'adaptiveCard/action') {
    const value = cardActionValue.safeParse(body.value);
    if (!value.success) return { ok: false, problems: pathsOf(value.error, 'value') };
  }
  return { ok: true, activity: body as unknown as Activity };
}

/** Field paths only: never the values, which are the sender's. */
function pathsOf(error: z.ZodError, under?: string): string[] {
  return [
    ...new Set(error.issues.map((i) => [...(under ? [under] : []), ...i.path.map(String)].join('.') || '(root)')),
  ].slice(0, 10);
}
