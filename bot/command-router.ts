import type { ZodError } from 'zod';
import { md } from '../cards/card-text.js';
import { renderHelpCard } from '../cards/help-card.js';
import type { Translator } from '../src/i18n/translator.js';
import { TriageError } from '../src/triage/triage-error.js';
import { commandText } from './command-texts.js';
import { cardAnswer, textAnswer, type Answer } from './registry/answer.js';
import type { Registry } from './registry/registry.js';
import type { CommandRequest, TextCommandEntry, TextCommandSpec } from './registry/text-command.js';

/** A typed message, bot mention removed, with who sent it and where. */
export type TypedCommand = Omit<CommandRequest<unknown>, 'args'> & { text: string };

/**
 * Routes a typed command over the command registry: the command it names gets the words after its
 * name, parsed by its schema; a near miss (`audit` alone, `route remove last`) gets its usage line;
 * anything else gets the help card, quoting (escaped) what was typed.
 */
export class CommandRouter {
  constructor(private readonly registry: Pick<Registry, 'matchCommand' | 'textCommands'>) {}

  async answer(command: TypedCommand): Promise<Answer> {
    const text = oneSpaced(command.text);
    const resolved = this.resolve(text);
    switch (resolved.kind) {
      case 'run':
        return resolved.entry.run({ ...command, args: resolved.args });
      case 'usage':
        return usage(resolved.specs, command.i18n);
      case 'refused':
        // A refinement's English sentence: bot/answers.ts finds its translation by that text.
        throw new TriageError('invalid', resolved.message);
      case 'unknown': {
        const { i18n } = command;
        const lead = i18n.t('help.notUnderstood', { text: truncate(text, 80) });
        return cardAnswer(renderHelpCard(helpLines(this.registry.textCommands, i18n), i18n, lead));
      }
    }
  }

  /** What a text means: a command with its parsed arguments, a usage hint, a refusal of its argument, or nothing. */
  resolve(text: string): Resolved {
    const match = this.registry.matchCommand(oneSpaced(text));
    if (match.kind === 'none') return { kind: 'unknown' };
    if (match.kind === 'near') return { kind: 'usage', specs: match.specs };
    const parsed = match.entry.parse.safeParse(match.args);
    if (parsed.success) return { kind: 'run', entry: match.entry, args: parsed.data };
    const explained = explanation(parsed.error);
    return explained ? { kind: 'refused', message: explained } : { kind: 'usage', specs: [match.entry] };
  }
}

/** How the router reads a text (see `CommandRouter.resolve`). */
export type Resolved =
  | { kind: 'run'; entry: TextCommandEntry; args: unknown }
  | { kind: 'usage'; specs: readonly TextCommandSpec<unknown>[] }
  | { kind: 'refused'; message: string }
  | { kind: 'unknown' };

function oneSpaced(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A refinement's own message ("That is not an alert id…"); plain shape failures get the usage line instead. */
export function explanation(error: ZodError): string | undefined {
  const issue = error.issues[0];
  return issue?.code === 'custom' ? issue.message : undefined;
}

function usage(specs: readonly TextCommandSpec<unknown>[], i18n: Translator): Answer {
  const lines = specs.map((s) => commandText(s, i18n));
  return textAnswer(
    lines.map((l) => i18n.t('help.usage', { usage: md(l.usage), description: md(l.description) })).join('\n\n'),
  );
}

/** Every command's line on the help card, in the reader's language. */
export function helpLines(specs: readonly TextCommandSpec<unknown>[], i18n: Translator) {
  return specs.map((s) => commandText(s, i18n));
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
