/**
 * Text helpers every card uses: one-line cuts, markdown escaping and plurals. Pure. Ages and dates are the
 * reader's translator's (`i18n.ago`, `i18n.dateTime`): in their language and time zone.
 */

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

/** "1 recipient", "3 recipients". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
