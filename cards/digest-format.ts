import type { Translator } from '../src/i18n/translator.js';
import { md } from './card-text.js';

/** Number, duration and name formatting shared by the digest card's parts (and the SLA lines of lists). Pure. */

/** `+2`, `−1` or `±0` (signs read the same in every language). */
export function delta(now: number, before: number): string {
  const diff = now - before;
  return diff > 0 ? `+${diff}` : diff < 0 ? `−${-diff}` : '±0';
}

/** `45 min`, `3 h 20 min`, `2 d 4 h` in English; `2 Tg. 4 Std.`, `2 日 4 時間`… in the reader's language. */
export function duration(ms: number, i18n: Translator): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return i18n.t('digest.duration.underMinute');
  if (minutes < 60) return i18n.t('digest.duration.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) {
    return minutes % 60
      ? i18n.t('digest.duration.hoursMinutes', { hours, minutes: minutes % 60 })
      : i18n.t('digest.duration.hours', { hours });
  }
  const days = Math.floor(hours / 24);
  return hours % 24
    ? i18n.t('digest.duration.daysHours', { days, hours: hours % 24 })
    : i18n.t('digest.duration.days', { days });
}

/** Names are data, not markdown: emphasis, links and a leading list or heading marker are escaped. */
export function plain(text: string): string {
  return md(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}
