import type { z } from 'zod';
import type { Permission } from '../../src/triage/access/permissions.js';
import type { Actor } from '../actor.js';
import type { Answer } from './answer.js';
import type { Translator } from '../../src/i18n/translator.js';

/** A message typed in an alert's thread, as a thread command receives it. */
export interface ThreadRequest<A> {
  actor: Actor;
  alertId: string;
  args: A;
  /** The Entra object id of the first person @mentioned (not the bot), looked up in the team; undefined when none. */
  mentioned(): Promise<{ id?: string; name: string } | undefined>;
  /** What the sender reads: their language and time zone. */
  i18n: Translator;
}

/**
 * A short command in an alert's thread (`tp`, `fp <why>`, `reopen`…): its first word, usage, what it
 * does, and the parser of the words after it. A failed refinement answers with its message; any other
 * parse failure means the message was not this command, and it becomes a comment.
 */
export interface ThreadCommandEntry<A = unknown> {
  name: string;
  aliases?: readonly string[];
  usage: string;
  description?: string;
  permission?: Permission;
  parse: z.ZodType<A>;
  run(request: ThreadRequest<A>): Promise<Answer>;
}

/** Declares a thread command with the parsed arguments' type flowing into `run` (the entry is type-erased). */
export function threadCommand<A>(
  spec: Omit<ThreadCommandEntry<A>, 'run'>,
  run: (request: ThreadRequest<A>) => Promise<Answer>,
): ThreadCommandEntry {
  return { ...spec, parse: spec.parse as z.ZodType<unknown>, run: (request) => run(request as ThreadRequest<A>) };
}
