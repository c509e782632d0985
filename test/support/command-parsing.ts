import { CommandRouter } from '../../bot/command-router.js';
import { alertCommands } from '../../bot/features/alert-commands.js';
import { channelCommands } from '../../bot/features/channel-commands.js';
import { digestCommand } from '../../bot/features/digest-command.js';
import { helpCommands } from '../../bot/features/help-commands.js';
import { Registry } from '../../bot/registry/registry.js';

/** What a typed text means to the bot, in a shape tests can compare. */
export type Parsed = { name: string; args: unknown } | { usage: string[] } | { refused: string } | 'unknown';

/**
 * The command router over every text command the app registers, for parsing tests: the handlers are
 * never run, so they get no services.
 */
export function parseCommand(text: string): Parsed {
  const resolved = router.resolve(text);
  switch (resolved.kind) {
    case 'run':
      return { name: resolved.entry.name, args: resolved.args };
    case 'usage':
      return { usage: resolved.specs.map((s) => s.usage) };
    case 'refused':
      return { refused: resolved.message };
    case 'unknown':
      return 'unknown';
  }
}

const registry = new Registry();
const unused = {} as never;
for (const inputs of [
  helpCommands(registry, unused),
  channelCommands(unused),
  alertCommands(unused),
  digestCommand(unused, unused, unused),
]) {
  registry.add(inputs);
}
const router = new CommandRouter(registry);

/** The registry's text commands, as help lists them. */
export const registeredCommands = registry.textCommands;
