/** The languages DLP Triage speaks, and how a Teams locale and time zone off the wire are read. Pure. */

/** Catalogue languages; English is the fallback for every other locale. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];
export const FALLBACK_LANGUAGE: Language = 'en';

const SUPPORTED = new Set<string>(LANGUAGES);
// BCP 47 tags are short; anything longer is not a locale and is not handed to Intl.
const MAX_LOCALE_LENGTH = 35;
// The longest IANA names are about 30 characters (America/Argentina/ComodRivadavia).
const MAX_ZONE_LENGTH = 64;

/** A locale off the wire in canonical form (`de-de` → `de-DE`, `fr_CA` → `fr-CA`), or undefined when it is none. */
export function canonicalLocale(locale: unknown): string | undefined {
  if (typeof locale !== 'string' || locale.length === 0 || locale.length > MAX_LOCALE_LENGTH) return undefined;
  try {
    return Intl.getCanonicalLocales(locale.replace(/_/g, '-'))[0];
  } catch {
    return undefined;
  }
}

/** The catalogue language of a Teams locale: its language if we have its catalogue (`fr-CA` → fr), else English. */
export function languageOf(locale: unknown): Language {
  const canonical = canonicalLocale(locale);
  const language = canonical ? new Intl.Locale(canonical).language : undefined;
  return language && SUPPORTED.has(language) ? (language as Language) : FALLBACK_LANGUAGE;
}

/**
 * The locale dates and numbers are formatted in: the person's own (`de-AT`, `en-GB`) when its language
 * is the one the text is in, else the text's language (a `xx-YY` reader gets English text in English formats).
 */
export function formattingLocale(locale: unknown, language: Language): string {
  const canonical = canonicalLocale(locale);
  if (canonical && new Intl.Locale(canonical).language === language) return canonical;
  return language === FALLBACK_LANGUAGE ? 'en-US' : language;
}

/** The IANA time zone if the runtime knows it (`Asia/Tokyo`, `UTC`), else undefined. */
export function knownTimeZone(zone: unknown): string | undefined {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > MAX_ZONE_LENGTH) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
