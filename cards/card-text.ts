/** Text helpers every card uses: one-line cuts, markdown escaping, ages and plurals. Pure. */

/** Collapses whitespace to one line and cuts at `max` characters (never inside a surrogate pair). */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  let cut = max - 1;
  const code = flat.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${flat.slice(0, cut).trimEnd()}…`;
}

/**
 * Text from data (alert fields, names, what a user typed) goes into Teams markdown — card TextBlocks,
 * facts and message text — only through `md`, so it can add no link, emphasis, list, heading, mention
 * or hidden tag. A backslash escapes `<` and `>` too: the Teams card renderer reads `<word>` as an HTML
 * tag and drops it (seen in the Agents Playground; `\<word\>` shows as `<word>` there, and is plain
 * CommonMark, which Teams clients follow — unconfirmed on every client).
 */
export function md(text: string): string {
  return text
    .replace(/[\\`*_~[\]<>]/g, '\\$&')
    .replace(/^(\s*)([#+-])/, '$1\\$2') // heading, bullet
    .replace(/^(\s*\d+)\./, '$1\\.'); // numbered list
}

/** "just now", "12 min ago", "3 h ago", "5 d ago", "4 mo ago", "2 y ago" relative to `now`. */
export function formatAge(iso: string, now: Date): string {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return 'unknown age';
  const minutes = Math.floor((now.getTime() - t) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `${days} d ago`;
  return days < 730 ? `${Math.floor(days / 30)} mo ago` : `${Math.floor(days / 365)} y ago`;
}

/** "1 recipient", "3 recipients". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
