import { TriageError } from '../src/triage/triage-error.js';
import { explanation } from './command-router.js';
import type { Answer } from './registry/answer.js';
import type { Registry } from './registry/registry.js';
import type { ThreadRequest } from './registry/thread-command.js';
import { refusal } from './refusal.js';

/** A message typed in an alert's thread, bot mention removed. */
export type ThreadMessage = Omit<ThreadRequest<unknown>, 'args'> & { text: string };

/**
 * The reviewer loop: a message in an alert's thread runs the thread command its first word names
 * (with the same checks as the card buttons); any other text — or a command word followed by words
 * it does not take — goes to the registry's fallback, which makes it a comment attributed to its author.
 */
export class ThreadRouter {
  constructor(private readonly registry: Pick<Registry, 'threadCommand' | 'threadFallback'>) {}

  async answer(message: ThreadMessage): Promise<Answer> {
    const text = message.text.trim();
    const first = text.split(/\s+/)[0] ?? '';
    const entry = first ? this.registry.threadCommand(first) : undefined;
    if (entry) {
      const parsed = entry.parse.safeParse(text.slice(first.length).trim());
      if (parsed.success) return entry.run({ ...message, args: parsed.data });
      const explained = explanation(parsed.error);
      if (explained) throw new TriageError('invalid', explained);
    }
    const fallback = this.registry.threadFallback;
    if (!fallback) throw refusal('invalid', 'errors.noThreadComments');
    return fallback({ ...message, args: text });
  }
}
