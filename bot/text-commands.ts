import { isAlertId } from '../src/triage/ids.js';

/** The answer to `alert <id>` or `audit <id>` with something that cannot be an alert id (it is not echoed back). */
export const NOT_AN_ALERT_ID =
  'That is not an alert id: alert ids are letters, digits, - and _ (e.g. dl4f7c2a9e-3b1d-…). Copy it from the alert’s card or the Defender portal.';

/** The text commands the bot understands, parsed from a message with the bot mention already removed. */
export type TextCommand =
  | { name: 'help' }
  | { name: 'triageHere'; makeDefault: boolean; administrativeUnits: string[] }
  | { name: 'routeList' }
  | { name: 'routeAdd'; conditions: string }
  | { name: 'routeRemove'; position: number }
  | { name: 'alert'; alertId: string }
  | { name: 'whoami' }
  | { name: 'myAlerts' }
  | { name: 'audit'; alertId: string }
  | { name: 'digestSubscribe'; time?: string; timeZone?: string }
  | { name: 'digestUnsubscribe' }
  | { name: 'digestSettings' }
  | { name: 'digestNow' }
  /** A known command with missing or malformed arguments: answered with its usage line, not the whole help. */
  | { name: 'usage'; usage: string; description: string }
  /** A known command with an argument it cannot take; `message` is the one-line answer. */
  | { name: 'invalid'; message: string }
  | { name: 'unknown'; text: string };

/** One line per command, for `help` and the unknown-command answer. */
export const COMMAND_HELP: ReadonlyArray<{ usage: string; description: string }> = [
  { usage: 'help', description: 'List these commands.' },
  {
    usage: 'triage here [default] [au=<unit>,...]',
    description:
      'Post alerts in this channel (default: also those no route matches; au=: only alerts of those administrative units).',
  },
  { usage: 'route list', description: 'Show the routing rules, in the order they are tried.' },
  {
    usage: 'route add <conditions>',
    description:
      'Send matching alerts to this channel, e.g. route add severity>=high workload=SharePoint policy="PCI" au=EMEA.',
  },
  { usage: 'route remove <n>', description: 'Delete rule number n from route list.' },
  { usage: 'alert <id>', description: "Post that alert's card here." },
  { usage: 'my alerts', description: 'Your open assigned alerts, newest first.' },
  { usage: 'audit <alertId>', description: 'The last 20 audit entries of an alert.' },
  { usage: 'whoami', description: 'Your roles and their scopes, as DLP Triage sees them.' },
  {
    usage: 'digest <subscribe [HH:MM] [Area/City] | now | settings | unsubscribe>',
    description:
      'Your daily digest in this chat (default 08:00 in your Teams time zone); in a triage channel, the channel’s digest (admins).',
  },
];

/** Parses a command; anything unrecognised is `unknown` (answered with help, never silence). */
export function parseTextCommand(raw: string): TextCommand {
  const text = raw.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  if (lower === '' || lower === 'help' || lower === '?') return { name: 'help' };
  let m = /^triage here((?:\s+(?:default|au=\S+))*)$/i.exec(text);
  if (m) {
    const words = m[1]!.trim().split(' ').filter(Boolean);
    const units = words
      .filter((w) => /^au=/i.test(w))
      .flatMap((w) => w.slice(3).split(','))
      .map((u) => u.trim())
      .filter(Boolean);
    return {
      name: 'triageHere',
      makeDefault: words.some((w) => w.toLowerCase() === 'default'),
      administrativeUnits: units,
    };
  }
  if (lower === 'whoami') return { name: 'whoami' };
  if (lower === 'my alerts') return { name: 'myAlerts' };
  if (lower === 'route list' || lower === 'routes') return { name: 'routeList' };
  m = /^route add\s+(.+)$/i.exec(text);
  if (m) return { name: 'routeAdd', conditions: m[1]! };
  m = /^route remove\s+(\d+)$/i.exec(text);
  if (m) return { name: 'routeRemove', position: Number(m[1]) };
  m = /^(audit|alert)\s+(\S+)$/i.exec(text);
  if (m) {
    if (!isAlertId(m[2]!)) return { name: 'invalid', message: NOT_AN_ALERT_ID };
    return { name: m[1]!.toLowerCase() === 'audit' ? 'audit' : 'alert', alertId: m[2]! };
  }
  m = /^digest(?:\s+(\S+)((?:\s+\S+)*))?$/i.exec(text);
  if (m)
    return (
      parseDigest(m[1]?.toLowerCase(), m[2]?.trim().split(' ').filter(Boolean) ?? []) ??
      usageOf('digest') ?? { name: 'unknown', text }
    );
  const started = STARTS.find(([start]) => start.test(text));
  return (started && usageOf(started[1])) ?? { name: 'unknown', text };
}

/** How a command with arguments begins, and its COMMAND_HELP line: a near miss gets that line. */
const STARTS: readonly [RegExp, string][] = [
  [/^triage here\b/i, 'triage here'],
  [/^route add\b/i, 'route add'],
  [/^route remove\b/i, 'route remove'],
  [/^route\b/i, 'route list'],
  [/^audit\b/i, 'audit'],
  [/^alert$|^alert\s/i, 'alert'],
];

function usageOf(command: string): TextCommand | undefined {
  const line = COMMAND_HELP.find((c) => c.usage === command || c.usage.startsWith(`${command} `));
  return line && { name: 'usage', ...line };
}

/**
 * `digest subscribe [HH:MM] [Area/City]` (either order: a word starting with a digit is the time), `now`, `settings`,
 * `unsubscribe`.
 */
function parseDigest(verb: string | undefined, args: string[]): TextCommand | undefined {
  if (verb === 'subscribe' && args.length <= 2) {
    const time = args.filter((a) => /^\d/.test(a));
    const zone = args.filter((a) => !/^\d/.test(a));
    if (time.length > 1 || zone.length > 1) return undefined;
    return { name: 'digestSubscribe', time: time[0], timeZone: zone[0] };
  }
  if (args.length > 0) return undefined;
  if (verb === undefined || verb === 'settings') return { name: 'digestSettings' };
  if (verb === 'now') return { name: 'digestNow' };
  if (verb === 'unsubscribe' || verb === 'stop') return { name: 'digestUnsubscribe' };
  return undefined;
}
