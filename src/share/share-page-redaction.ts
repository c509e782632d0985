import type { Alert } from '../triage/alert.js';

/** What replaces a redacted piece of text on the share page. */
export const HIDDEN = '[hidden]';

// A file extension: 1-8 letters and digits, at least one of them a letter (so "v1.2" is not a file).
const EXT = '(?=[A-Za-z0-9]{1,8}(?![A-Za-z0-9]))[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*';
const TOKEN_CHAR = `[^\\s()\\[\\]{}<>"'“”‘’,;:|]`;
const GENERIC: readonly RegExp[] = [
  // A quoted or bracketed name ending in an extension, spaces and all: (Q1 card reconciliation.xlsx).
  new RegExp(`(?<=[("'“‘\\[])[^()\\[\\]"'“”‘’\\n]*\\.${EXT}(?=[)"'”’\\]])`, 'g'),
  /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, // URLs
  /\S+@\S+/g, // e-mail addresses and UPNs
  /(?:[A-Za-z]:)?\S*[\\/]\S*/g, // paths
  new RegExp(`${TOKEN_CHAR}{2,}\\.${EXT}(?![A-Za-z0-9])`, 'g'), // file names: Q1-card-reconciliation.xlsx
];

/**
 * `text` as the share page may show it: the alert's own sensitive strings (its user's name, UPN and id,
 * its file's name, path and URL, message, device, information types and matched content) and anything
 * shaped like a URL, an e-mail address or UPN, a path or a file name are replaced by HIDDEN. Over-hiding
 * is the safe failure: the page is reachable by anyone holding the link.
 */
export function redactForSharePage(text: string, alert: Alert): string {
  let out = text;
  for (const term of sensitiveTerms(alert)) out = out.replace(termPattern(term), HIDDEN);
  for (const pattern of GENERIC) out = out.replace(pattern, (match) => (match === HIDDEN ? match : HIDDEN));
  return out;
}

/** The alert's own strings that must not appear, longest first so a name is hidden before its parts. */
function sensitiveTerms(alert: Alert): string[] {
  const { subject, file, message, device } = alert;
  const upnLocal = subject?.userPrincipalName?.split('@')[0];
  const stem = file?.name.replace(/\.[^.]*$/, '');
  const terms = [
    subject?.userPrincipalName,
    subject?.displayName,
    subject?.id,
    upnLocal,
    ...(upnLocal?.split(/[._-]+/) ?? []),
    ...(subject?.displayName?.split(/\s+/) ?? []),
    file?.name,
    stem,
    file?.path,
    file?.url,
    message?.subject,
    message?.sender,
    ...(message?.recipients ?? []),
    device?.name,
    ...alert.sensitiveInfoTypes.map((s) => s.name),
    ...(alert.matchedContent ?? []),
  ];
  const kept = terms.map((t) => t?.trim() ?? '').filter((t) => t.length >= 3);
  return [...new Set(kept)].sort((a, b) => b.length - a.length);
}

/** The term anywhere, case-insensitively, but not inside a longer word (so "Kim" spares "Kimberley"). */
function termPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'giu');
}
