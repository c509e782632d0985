import { DETERMINATIONS } from '../src/triage/classification.js';

/** What a reviewer can type in an alert's thread; anything else is a comment. */
export type ThreadCommand =
  | { name: 'tp'; determination: string; comment?: string }
  | { name: 'fp'; comment: string }
  | { name: 'resolve'; comment?: string }
  | { name: 'reopen' }
  | { name: 'assign'; who?: string }
  | { name: 'status' }
  | { name: 'help' }
  | { name: 'comment'; text: string }
  | { name: 'fpWithoutReason' };

export const THREAD_HELP = [
  'tp [determination] [comment]: true positive (determinations: ' + DETERMINATIONS.truePositive.join(', ') + ')',
  'fp <why>: false positive, resolved',
  'resolve [comment]',
  'reopen',
  'assign @person',
  'status',
  'help',
  'anything else: a comment on the alert',
];

/** Parses a message typed in an alert thread (bot mention already removed). */
export function parseThreadCommand(raw: string): ThreadCommand {
  const text = raw.trim();
  const [first = '', ...rest] = text.split(/\s+/);
  const word = first.toLowerCase();
  const tail = text.slice(first.length).trim();
  if (word === 'tp') {
    const candidate = rest[0] ?? '';
    const determination = DETERMINATIONS.truePositive.find((d) => d.toLowerCase() === candidate.toLowerCase());
    const comment = determination ? tail.slice(candidate.length).trim() : tail;
    return { name: 'tp', determination: determination ?? 'other', comment: comment || undefined };
  }
  if (word === 'fp') return tail ? { name: 'fp', comment: tail } : { name: 'fpWithoutReason' };
  if (word === 'resolve') return { name: 'resolve', comment: tail || undefined };
  if (word === 'reopen' && !tail) return { name: 'reopen' };
  if (word === 'assign') return { name: 'assign', who: tail || undefined };
  if (word === 'status' && !tail) return { name: 'status' };
  if ((word === 'help' || word === '?') && !tail) return { name: 'help' };
  return { name: 'comment', text };
}
