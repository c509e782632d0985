/** The text commands the bot understands, parsed from a message with the bot mention already removed. */
export type TextCommand =
  | { name: 'help' }
  | { name: 'triageHere'; makeDefault: boolean }
  | { name: 'routeList' }
  | { name: 'routeAdd'; conditions: string }
  | { name: 'routeRemove'; position: number }
  | { name: 'alert'; alertId: string }
  | { name: 'unknown'; text: string };

/** One line per command, for `help` and the unknown-command answer. */
export const COMMAND_HELP: ReadonlyArray<{ usage: string; description: string }> = [
  { usage: 'help', description: 'List these commands.' },
  { usage: 'triage here [default]', description: 'Post alerts in this channel (default: also the channel for alerts no route matches).' },
  { usage: 'route list', description: 'Show the routing rules, in the order they are tried.' },
  { usage: 'route add <conditions>', description: 'Send matching alerts to this channel, e.g. route add severity>=high workload=SharePoint policy="PCI" au=EMEA.' },
  { usage: 'route remove <n>', description: 'Delete rule number n from route list.' },
  { usage: 'alert <id>', description: "Post that alert's card here." },
];

/** Parses a command; anything unrecognised is `unknown` (answered with help, never silence). */
export function parseTextCommand(raw: string): TextCommand {
  const text = raw.replace(/\s+/g, ' ').trim();
  const lower = text.toLowerCase();
  if (lower === '' || lower === 'help' || lower === '?') return { name: 'help' };
  if (lower === 'triage here') return { name: 'triageHere', makeDefault: false };
  if (lower === 'triage here default') return { name: 'triageHere', makeDefault: true };
  if (lower === 'route list' || lower === 'routes') return { name: 'routeList' };
  let m = /^route add\s+(.+)$/i.exec(text);
  if (m) return { name: 'routeAdd', conditions: m[1]! };
  m = /^route remove\s+(\d+)$/i.exec(text);
  if (m) return { name: 'routeRemove', position: Number(m[1]) };
  m = /^alert\s+(\S+)$/i.exec(text);
  if (m) return { name: 'alert', alertId: m[1]! };
  return { name: 'unknown', text };
}
