import { isArgumentElement, isLiteralElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, type MessageKey } from './catalogue.js';
import { formattingLocale, knownTimeZone, languageOf, type Language } from './languages.js';
import { Translator } from './translator.js';

/** The most translators kept at once: far more (language, locale, zone) kinds than a tenant has. */
const MAX_TRANSLATORS = 1000;
/** The most messages with numbers kept formatted: spans and counts take few values ("3 h", "12 alerts"). */
const MAX_COUNTED = 5000;

/**
 * A message compiled by intl-messageformat and, when it holds only literal text and plain `{name}`
 * placeholders, as those pieces: filled by concatenation, which is what the library's `format` comes to
 * for them (test/unit/i18n/messages.test.ts compares the two over every catalogue message), without its
 * parts arrays; an alert card fills dozens per view.
 */
interface Compiled {
  library: IntlMessageFormat;
  pieces?: readonly (string | { name: string })[];
  /** The message without values, formatted once (labels and headings are most of what a card says). */
  text?: string;
}

/** What a placeholder takes: text (already escaped for where it goes) or a number (plurals, counts). */
export type MessageValues = Readonly<Record<string, string | number>>;

/** What a turn says about its reader: the Teams locale and an IANA time zone, both straight off the wire. */
export interface ReaderHints {
  locale?: unknown;
  timeZone?: unknown;
}

/**
 * The catalogues compiled with intl-messageformat (FormatJS), built once by the composition root.
 * FormatJS was chosen over `messageformat` because it is the most used ICU MessageFormat 1 runtime,
 * formats with the platform's own Intl (no locale data to ship) and exposes the parsed AST, which the
 * catalogue tests compare between languages; `messageformat` 4 implements the still-draft MessageFormat 2.
 * Each message is parsed on first use, per language (at most languages × keys entries).
 */
export class Messages {
  /** Per language, by key: a key off the code is a constant string, so the lookup hashes nothing new. */
  private readonly compiled = new Map<Language, Map<MessageKey, Compiled>>();
  /**
   * Messages whose values are all numbers (plurals: "3 h", "12 alerts"), formatted once per value: ICU
   * plurals are the slow part of the library. Numbers only, so no text off the wire is kept here.
   */
  private readonly counted = new Map<string, string>();
  private readonly translators = new Map<string, Translator>();
  private bySource?: Map<string, MessageKey>;

  /**
   * A Translator for one reader: their language (English fallback) and zone (UTC when unknown or invalid).
   * Readers with the same language, locale and zone share one, so its Intl formatters are built once
   * (a burst of refreshes from one channel asks for the same few); at most MAX_TRANSLATORS are kept, as
   * locale and zone come off the wire.
   */
  translator({ locale, timeZone }: ReaderHints = {}): Translator {
    const language = languageOf(locale);
    const formatting = formattingLocale(locale, language);
    const zone = knownTimeZone(timeZone) ?? 'UTC';
    const key = `${language}\u0000${formatting}\u0000${zone}`;
    let translator = this.translators.get(key);
    if (!translator) {
      if (this.translators.size >= MAX_TRANSLATORS) this.translators.clear();
      translator = new Translator(this, language, formatting, zone);
      this.translators.set(key, translator);
    }
    return translator;
  }

  /** How many translators are kept (for tests of the bound). */
  get cachedTranslators(): number {
    return this.translators.size;
  }

  /** The message in `language`, its placeholders filled. */
  format(language: Language, key: MessageKey, values?: MessageValues): string {
    const compiled = this.compiledOf(language, key);
    if (values === undefined) return (compiled.text ??= String(compiled.library.format()));
    const filled = compiled.pieces && fill(compiled.pieces, values);
    if (filled !== undefined) return filled;
    const counts = countsKey(values);
    if (counts === undefined) return String(compiled.library.format(values));
    const memoKey = `${language}\u0000${key}\u0000${counts}`;
    let text = this.counted.get(memoKey);
    if (text === undefined) {
      text = String(compiled.library.format(values));
      if (this.counted.size >= MAX_COUNTED) this.counted.clear();
      this.counted.set(memoKey, text);
    }
    return text;
  }

  /** The message parsed on first use. Tags are off: usage lines hold `<conditions>`, which is text, not markup. */
  private compiledOf(language: Language, key: MessageKey): Compiled {
    let messages = this.compiled.get(language);
    if (!messages) this.compiled.set(language, (messages = new Map()));
    let compiled = messages.get(key);
    if (!compiled) {
      const library = new IntlMessageFormat(CATALOGUES[language][key], language, undefined, { ignoreTag: true });
      const ast = library.getAst();
      const plain = ast.every((el) => isLiteralElement(el) || isArgumentElement(el));
      const pieces = plain ? ast.map((el) => (isLiteralElement(el) ? el.value : { name: el.value })) : undefined;
      compiled = { library, pieces };
      messages.set(key, compiled);
    }
    return compiled;
  }

  /**
   * The `errors.*` message whose English is exactly `text`, for a domain error without a key: a fixed
   * sentence is found by its English wording, as gettext finds a message by its source text.
   */
  sourceKey(text: string): MessageKey | undefined {
    if (!this.bySource) {
      const sentence = ([k, v]: [string, string]) =>
        k.startsWith('errors.') && !k.startsWith('errors.code.') && !v.includes('{');
      const fixed = Object.entries(CATALOGUES.en).filter(sentence);
      this.bySource = new Map(fixed.map(([k, v]) => [v, k as MessageKey]));
    }
    return this.bySource.get(text);
  }
}

/** The English text of a message, for what is logged and audited (a new formatter each time: errors are rare). */
export function englishText(key: MessageKey, values?: MessageValues): string {
  return String(new IntlMessageFormat(CATALOGUES.en[key], 'en', undefined, { ignoreTag: true }).format(values));
}

/**
 * The pieces filled as the library fills a plain placeholder (a string as is, a number through `String`);
 * undefined for a missing value or one of another type, which the library then formats (or rejects) itself.
 */
function fill(pieces: readonly (string | { name: string })[], values: MessageValues): string | undefined {
  let text = '';
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text += piece;
      continue;
    }
    if (!Object.hasOwn(values, piece.name)) return undefined;
    const value: unknown = values[piece.name];
    if (typeof value === 'string') text += value;
    else if (typeof value === 'number') text += String(value);
    else return undefined;
  }
  return text;
}

/** `name=value` pairs when every value is a number (the memo key of a counted message), else undefined. */
function countsKey(values: MessageValues): string | undefined {
  let key = '';
  for (const name in values) {
    const value = values[name];
    if (typeof value !== 'number') return undefined;
    key += `${name}=${value}\u0000`;
  }
  return key;
}
