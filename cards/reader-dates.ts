import { knownTimeZone } from '../src/i18n/languages.js';
import type { Translator } from '../src/i18n/translator.js';

/**
 * The dates the investigation and digest cards show, in the reader's locale (`i18n.locale`) and a zone:
 * the reader's own (the investigation) or the digest subscription's (a digest's day is its zone's day).
 * An unknown zone is read as UTC and an unparsable date as the catalogue's "unknown date", never an error.
 */

type Reader = Pick<Translator, 'locale' | 'timeZone' | 't'>;

function format(i18n: Reader, at: string | Date, options: Intl.DateTimeFormatOptions, zone = i18n.timeZone): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return i18n.t('time.unknownDate');
  return new Intl.DateTimeFormat(i18n.locale, { ...options, timeZone: knownTimeZone(zone) ?? 'UTC' }).format(date);
}

/** "Tue, Mar 10" / "Di., 10. März" / "3月10日(火)": the day a digest is for, in its zone. */
export const dayLabel = (i18n: Reader, at: string | Date, zone: string) =>
  format(i18n, at, { weekday: 'short', day: 'numeric', month: 'short' }, zone);

/** "Tue, 3/10" / "Di., 10.3." / "3/10(火)": a day of the digest's 7-day series, short enough for a chart's axis. */
export const shortDayLabel = (i18n: Reader, at: string | Date, zone: string) =>
  format(i18n, at, { weekday: 'short', day: 'numeric', month: 'numeric' }, zone);

/** "8:00 AM" / "08:00" / "8:00": a time of day in `zone` (the zone is named beside it). */
export const clockTime = (i18n: Reader, at: string | Date, zone: string) =>
  format(i18n, at, { hour: 'numeric', minute: '2-digit' }, zone);

/** "Mar 10, 10:01 AM" / "10. März, 10:01" / "3月10日 10:01": an event's time in the reader's zone. */
export const eventTime = (i18n: Reader, at: string) =>
  format(i18n, at, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });

/** "Mar 10, 2026" / "10.03.2026" / "2026/03/10": a date in the reader's zone. */
export const dateOnly = (i18n: Reader, at: string) => format(i18n, at, { dateStyle: 'medium' });

/** "Mar 10, 2026, 8:00 AM – 1:00 PM UTC": a time range in the reader's zone, with the zone's short name. */
export function timeRange(i18n: Reader, from: string, to: string): string {
  const [start, end] = [new Date(from), new Date(to)];
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end < start) return i18n.t('time.unknownDate');
  return new Intl.DateTimeFormat(i18n.locale, {
    ...{ year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' },
    ...{ timeZone: knownTimeZone(i18n.timeZone) ?? 'UTC', timeZoneName: 'short' },
  }).formatRange(start, end);
}
