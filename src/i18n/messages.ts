import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, type MessageKey } from './catalogue.js';
import { formattingLocale, knownTimeZone, languageOf, type Language } from './languages.js';
import { Translator } from './translator.js';

/** The most translators kept at once: far more (language, locale, zone) kinds than a tenant has. */
const MAX_TRANSLATORS = 1000;

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
  private readonly compiled = new Map<string, IntlMessageFormat>();
  /** Messages asked for without values, formatted once (labels and headings are most of what a card says). */
  private readonly plain = new Map<string, string>();
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
    const cacheKey = `${language}\u0000${key}`;
    if (values === undefined) {
      const known = this.plain.get(cacheKey);
      if (known !== undefined) return known;
    }
    let format = this.compiled.get(cacheKey);
    if (!format) {
      // Tags are off: usage lines hold `<conditions>`, which is text, not markup.
      format = new IntlMessageFormat(CATALOGUES[language][key], language, undefined, { ignoreTag: true });
      this.compiled.set(cacheKey, format);
    }
    const text = String(format.format(values));
    if (values === undefined) this.plain.set(cacheKey, text);
    return text;
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
