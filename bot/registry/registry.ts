import type { Permission } from '../../src/triage/access/permissions.js';
import type { CardVerbEntry } from './card-verb.js';
import type { TextCommandEntry, TextCommandSpec } from './text-command.js';
import type { Answer } from './answer.js';
import type { ThreadCommandEntry, ThreadRequest } from './thread-command.js';

/** What a capability contributes to the bot's inputs. */
export interface Inputs {
  verbs?: readonly CardVerbEntry[];
  textCommands?: readonly TextCommandEntry[];
  threadCommands?: readonly ThreadCommandEntry[];
  /** What a message in an alert thread that is no thread command becomes (a comment); one capability gives it. */
  threadFallback?: ThreadFallback;
}

/** Handles a message in an alert's thread that names no thread command. */
export type ThreadFallback = (message: ThreadRequest<string>) => Promise<Answer>;

/** How a typed text relates to the commands: one of them (with the words after its name), near ones, or none. */
export type CommandMatch =
  | { kind: 'command'; entry: TextCommandEntry<unknown>; args: string }
  | { kind: 'near'; specs: TextCommandSpec<unknown>[] }
  | { kind: 'none' };

/**
 * Every input the bot answers, gathered from the capabilities: card verbs, text commands and thread
 * commands, each looked up in a Map or by exact word so a name off the wire (`toString`, `__proto__`)
 * selects nothing. What the bot says about its inputs (the buttons a user may see, help, usage hints,
 * the command menu) is derived from these entries; nothing keeps a second list.
 */
export class Registry {
  private readonly verbs = new Map<string, CardVerbEntry<unknown>>();
  /** In registration order: the order help lists them. */
  private readonly commands: TextCommandEntry<unknown>[] = [];
  /** Longest names first, so `route add` wins over a shorter name it starts with. */
  private byLength: TextCommandEntry<unknown>[] = [];
  private readonly threads = new Map<string, ThreadCommandEntry<unknown>>();
  private fallback?: ThreadFallback;

  /**
   * Adds what one capability answers. The app adds every capability before it starts listening; views
   * made earlier read the registry only when they draw a card, so they see every verb.
   */
  add(inputs: Inputs): void {
    for (const entry of inputs.verbs ?? []) addOnce(this.verbs, entry.name, entry, 'card verb');
    for (const entry of inputs.textCommands ?? []) {
      if (this.commands.some((c) => c.name === entry.name))
        throw new Error(`Two capabilities register the text command "${entry.name}".`);
      this.commands.push(entry);
    }
    for (const entry of inputs.threadCommands ?? []) {
      for (const word of [entry.name, ...(entry.aliases ?? [])]) {
        addOnce(this.threads, word, entry, 'thread command');
      }
    }
    this.byLength = [...this.commands].sort((a, b) => b.name.length - a.name.length);
    if (inputs.threadFallback) {
      if (this.fallback) throw new Error('Two capabilities say what a message in an alert thread becomes.');
      this.fallback = inputs.threadFallback;
    }
  }

  /** What a thread message that names no thread command becomes; undefined when no capability says. */
  get threadFallback(): ThreadFallback | undefined {
    return this.fallback;
  }

  verb(name: unknown): CardVerbEntry<unknown> | undefined {
    return typeof name === 'string' ? this.verbs.get(name) : undefined;
  }

  /** Every verb this build answers: cards never offer another. */
  get handledVerbs(): ReadonlySet<string> {
    return new Set(this.verbs.keys());
  }

  /** The alert-card verbs a user holding `permissions` may use (any one of a verb's permissions is enough). */
  verbsAllowedBy(permissions: ReadonlySet<Permission>): Set<string> {
    const allowed = [...this.verbs.values()].filter((v) => v.permission?.some((p) => permissions.has(p)));
    return new Set(allowed.map((v) => v.name));
  }

  /** Text commands in the order help lists them. */
  get textCommands(): readonly TextCommandSpec<unknown>[] {
    return this.commands;
  }

  /** The command a text (bot mention removed, whitespace collapsed) invokes. */
  matchCommand(text: string): CommandMatch {
    const lower = text.toLowerCase();
    const alias = this.commands.find((c) => c.aliases?.includes(lower));
    if (alias) return { kind: 'command', entry: alias, args: '' };
    const entry = this.byLength.find((c) => lower === c.name || lower.startsWith(`${c.name} `));
    if (entry) return { kind: 'command', entry, args: text.slice(entry.name.length).trim() };
    const first = lower.split(' ')[0];
    const near = this.textCommands.filter((c) => c.name.split(' ')[0] === first);
    return near.length ? { kind: 'near', specs: near } : { kind: 'none' };
  }

  threadCommand(word: string): ThreadCommandEntry<unknown> | undefined {
    return this.threads.get(word.toLowerCase());
  }

  /** Every thread command once, in registration order (help in the reader's language is built from these). */
  get threadCommandList(): ThreadCommandEntry<unknown>[] {
    return [...new Set(this.threads.values())];
  }
}

function addOnce<T>(map: Map<string, T>, key: string, value: T, what: string): void {
  if (map.has(key)) throw new Error(`Two capabilities register the ${what} "${key}".`);
  map.set(key, value);
}
