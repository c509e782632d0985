import { TriageError } from '../triage-error.js';

/**
 * Wall-clock helpers for digests: a time of day (`HH:MM`) in an IANA time zone. Intl (the ICU data Node
 * ships with) is the source of truth for zones and DST, so nothing here hard-codes an offset.
 */

const TIME = /^(\d{1,2}):(\d{2})$/;

/** `7:30` or `07:30` → `07:30`; anything else (25:00, 7.30, 8am) is refused with a message that shows the format. */
export function parseTimeOfDay(text: string): string {
  const m = TIME.exec(text.trim());
  const hours = m ? Number(m[1]) : NaN;
  const minutes = m ? Number(m[2]) : NaN;
  if (!(hours >= 0 && hours <= 23 && minutes >= 0 && minutes <= 59)) {
    const shown = text.slice(0, 40);
    throw new TriageError(
      'invalid',
      `"${shown}" is not a time of day. Use 24-hour HH:MM, for example 07:30 or 17:00.`,
      { key: 'digest.badTime', data: { text: shown } },
    );
  }
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

/** The canonical name of an IANA time zone (`europe/berlin` → `Europe/Berlin`), or undefined when unknown. */
export function canonicalTimeZone(zone: string): string | undefined {
  const trimmed = zone.trim();
  if (!trimmed || trimmed.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: trimmed }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Like canonicalTimeZone, but refuses an unknown zone with a message saying what is expected. */
export function requireTimeZone(zone: string): string {
  const canonical = canonicalTimeZone(zone);
  if (!canonical) {
    const shown = zone.slice(0, 64);
    throw new TriageError(
      'invalid',
      `"${shown}" is not a time zone I know. Use an IANA name like Europe/Berlin, America/New_York or UTC.`,
      { key: 'digest.badZone', data: { zone: shown } },
    );
  }
  return canonical;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(instant: Date, zone: string): Record<string, string> {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(zone, f);
  }
  return Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** The local calendar date (`YYYY-MM-DD`) of an instant in a zone. */
export function localDateOf(instant: Date, zone: string): string {
  const p = partsOf(instant, zone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The local wall-clock time (`HH:MM`) of an instant in a zone. */
export function localTimeOf(instant: Date, zone: string): string {
  const p = partsOf(instant, zone);
  return `${p.hour}:${p.minute}`;
}
