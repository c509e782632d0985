import type { z } from 'zod';
import type { ChannelCandidate } from '../../src/delivery/channel-admin.js';
import type { Permission } from '../../src/triage/access/permissions.js';
import type { Actor } from '../actor.js';
import type { Answer } from './answer.js';
import type { Translator } from '../../src/i18n/translator.js';

/** A typed command as its handler receives it: who (from the activity), the parsed arguments, where. */
export interface CommandRequest<A> {
  actor: Actor;
  args: A;
  /** The team channel the message came from, as a triage channel candidate; absent outside a team. */
  here?: ChannelCandidate;
  /** `personal`, `channel` or `groupChat`. */
  conversationType?: string;
  /** The IANA time zone Teams sent with the message (`localTimezone`), when it did. */
  clientTimeZone?: string;
  /** What the sender reads: their language and time zone. */
  i18n: Translator;
}

/**
 * What the help card, the usage hints and the Teams command menu (manifest) show of a command. `parse`
 * reads the words after the name: a failed refinement answers with its own message, any other failure
 * with the usage line. `permission` names what the command needs (the handler's use case checks it).
 */
export interface TextCommandSpec<A = unknown> {
  /** The words that start it, lower case: `route add`. */
  name: string;
  /** Whole texts that mean the same (`routes` for `route list`). */
  aliases?: readonly string[];
  /** `route add <conditions>`. */
  usage: string;
  description: string;
  permission?: Permission;
  parse: z.ZodType<A>;
  /** The Teams command menu (manifest) offers `name` with this text; absent: not in the menu. */
  menu?: string;
  /** Works in a team channel only (`triage here`, `route add`): the personal chat's menu leaves it out. */
  channelOnly?: true;
  /** Works in a personal chat only (`investigate`): the team's menu leaves it out. */
  personalOnly?: true;
}

/** A command: its spec and what it does. */
export interface TextCommandEntry<A = unknown> extends TextCommandSpec<A> {
  run(request: CommandRequest<A>): Promise<Answer>;
}

/**
 * Binds a spec to its handler, with the parsed arguments' type flowing into `run`; the entry it returns
 * is type-erased so commands of every argument type sit in one registry (its parser feeds its runner).
 */
export function textCommand<A>(
  spec: TextCommandSpec<A>,
  run: (request: CommandRequest<A>) => Promise<Answer>,
): TextCommandEntry {
  return { ...spec, parse: spec.parse as z.ZodType<unknown>, run: (request) => run(request as CommandRequest<A>) };
}
