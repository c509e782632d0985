import de from './messages/de.json' with { type: 'json' };
import en from './messages/en.json' with { type: 'json' };
import es from './messages/es.json' with { type: 'json' };
import fr from './messages/fr.json' with { type: 'json' };
import ja from './messages/ja.json' with { type: 'json' };
import type { Language } from './languages.js';

/**
 * The message catalogues, one JSON file per language under messages/, keys namespaced by area
 * (`help.*`, `errors.*`, `commands.*`, `notices.*`, `lists.*`, `labels.*`…). Every value is an ICU
 * MessageFormat pattern (plurals, selects, numbers); dates come in already formatted in the reader's
 * zone. English is the reference: test/unit/i18n/catalogue.test.ts fails when a language misses one of
 * its keys, has one it lacks, or uses other placeholders.
 */
export type MessageKey = keyof typeof en;

/** Every language's catalogue; the type makes a missing key a compile error too. */
export const CATALOGUES: Readonly<Record<Language, Readonly<Record<MessageKey, string>>>> = { en, de, fr, es, ja };

/** Whether a string off a code path (an error's key) names a message. */
export function isMessageKey(key: unknown): key is MessageKey {
  return typeof key === 'string' && Object.hasOwn(en, key);
}
