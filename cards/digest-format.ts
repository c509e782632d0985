import { md } from './card-text.js';

/** Number and name formatting shared by the digest card's parts. Pure. */

/** `+2`, `−1` or `±0`. */
export function delta(now: number, before: number): string {
  const diff = now - before;
  return diff > 0 ? `+${diff}` : diff < 0 ? `−${-diff}` : '±0';
}

/** `45 min`, `3 h 20 min`, `2 d 4 h`. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** Names are data, not markdown: emphasis, links and a leading list or heading marker are escaped. */
export function plain(text: string): string {
  return md(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}

/** "1 alert", "3 alerts". */
export const alerts = (n: number) => `${n} alert${n === 1 ? '' : 's'}`;
