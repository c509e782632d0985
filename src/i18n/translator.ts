import { isMessageKey, type MessageKey } from './catalogue.js';
import type { Language } from './languages.js';
import type { MessageValues } from './messages.js';

/** The ages `ago` steps through: below each limit (in minutes) the age is counted in that unit. */
const AGE_UNITS: ReadonlyArray<[limit: number, unit: Intl.RelativeTimeFormatUnit, minutes: number]> = [
  [60, 'minute', 1],
  [48 * 60, 'hour', 60],
  [60 * 24 * 60, 'day', 24 * 60],
  [730 * 24 * 60, 'month', 30 * 24 * 60],
  [Infinity, 'year', 365 * 24 * 60],
];

/**
 * Everything one reader is told, in their language and time zone: catalogue messages and the
 * locale-formatted dates, times, ages, numbers and lists that go into them. Built once per turn (or per
 * proactive message) by `Messages.translator`; the Intl formatters it needs are made on first use.
 */
export class Translator {
  private dateTimeFormat?: Intl.DateTimeFormat;
  private timeFormat?: Intl.DateTimeFormat;
  private relativeFormat?: Intl.RelativeTimeFormat;
  private listFormat?: Intl.ListFormat;
  private orFormat?: Intl.ListFormat;

  constructor(
    private readonly messages: {
      format(language: Language, key: MessageKey, values?: MessageValues): string;
      sourceKey(text: string): MessageKey | undefined;
    },
    /** The catalogue language (`de` for `de-AT`). */
    readonly language: Language,
    /** The BCP 47 locale dates and numbers are formatted in. */
    readonly locale: string,
    /** A valid IANA zone. */
    readonly timeZone: string,
  ) {}

  /** The message `key` in this reader's language, with its placeholders filled. */
  t(key: MessageKey, values?: MessageValues): string {
    return this.messages.format(this.language, key, values);
  }

  /** Whether `key` (built from data: a command's or a permission's name) names a message. */
  has(key: string): key is MessageKey {
    return isMessageKey(key);
  }

  /** The `errors.*` message whose English is exactly `text` (see `Messages.sourceKey`). */
  sourceKey(text: string): MessageKey | undefined {
    return this.messages.sourceKey(text);
  }

  /** "10 Mar 2026, 21:05 JST" in the reader's zone and locale; the catalogue's "unknown date" when unparsable. */
  dateTime(at: string | Date): string {
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) return this.t('time.unknownDate');
    this.dateTimeFormat ??= new Intl.DateTimeFormat(this.locale, {
      ...{ year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
      ...{ timeZone: this.timeZone, timeZoneName: 'short' },
    });
    return this.dateTimeFormat.format(date);
  }

  /** "21:05 JST": a time of day in the reader's zone, with the zone's short name. */
  time(at: string | Date): string {
    const date = new Date(at);
    if (Number.isNaN(date.getTime())) return this.t('time.unknownDate');
    this.timeFormat ??= new Intl.DateTimeFormat(this.locale, {
      ...{ hour: 'numeric', minute: '2-digit', timeZone: this.timeZone, timeZoneName: 'short' },
    });
    return this.timeFormat.format(date);
  }

  /** "12 min. ago", "vor 3 Std.", "5 日前": how long before `now` `at` was. */
  ago(at: string, now: Date): string {
    const t = new Date(at).getTime();
    if (Number.isNaN(t)) return this.t('time.unknownAge');
    const minutes = Math.floor((now.getTime() - t) / 60_000);
    if (minutes < 1) return this.t('time.justNow');
    const [, unit, size] = AGE_UNITS.find(([limit]) => minutes < limit)!;
    this.relativeFormat ??= new Intl.RelativeTimeFormat(this.locale, { numeric: 'always', style: 'short' });
    return this.relativeFormat.format(-Math.floor(minutes / size), unit);
  }

  /** "a, b and c" in the reader's language. */
  list(items: readonly string[]): string {
    this.listFormat ??= new Intl.ListFormat(this.locale, { type: 'conjunction', style: 'long' });
    return this.listFormat.format(items);
  }

  /** "a, b or c" in the reader's language. */
  alternatives(items: readonly string[]): string {
    this.orFormat ??= new Intl.ListFormat(this.locale, { type: 'disjunction', style: 'long' });
    return this.orFormat.format(items);
  }

  /** "1,234" / "1.234" / "1 234". */
  number(n: number): string {
    return n.toLocaleString(this.locale);
  }
}
