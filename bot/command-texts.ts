import type { Translator } from '../src/i18n/translator.js';
import type { TextCommandSpec } from './registry/text-command.js';

/** What help and usage hints show of a command. */
export interface CommandText {
  usage: string;
  description: string;
}

/**
 * A command's usage line and description in the reader's language: the catalogue's
 * `commands.<name in camelCase>.usage|description` (`route add` → `commands.routeAdd.*`), else the
 * spec's English (a command added without catalogue entries; test/unit/i18n keeps every built-in one in it).
 */
export function commandText(
  spec: Pick<TextCommandSpec, 'name' | 'usage' | 'description'>,
  i18n: Translator,
): CommandText {
  const base = `commands.${commandKey(spec.name)}`;
  const usage = `${base}.usage`;
  const description = `${base}.description`;
  return {
    usage: i18n.has(usage) ? i18n.t(usage) : spec.usage,
    description: i18n.has(description) ? i18n.t(description) : spec.description,
  };
}

/** `my alerts` → `myAlerts`. */
export function commandKey(name: string): string {
  return name.replace(/ (\w)/g, (_, c: string) => c.toUpperCase());
}
