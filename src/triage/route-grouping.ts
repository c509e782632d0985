import { TriageError } from './triage-error.js';

/** How a channel lays its alerts out: `incident` = one thread per incident; without it, one thread per alert. */
export type ThreadGrouping = 'incident';

const GROUP = /(^|\s)group\s*=\s*(\S*)/gi;

/**
 * Takes the `group=incident` (or `group=alert`, the default) option out of a command's text and returns
 * the rest; the last one given wins. Throws TriageError('invalid') naming what is accepted.
 */
export function takeGrouping(text: string): { rest: string; group?: ThreadGrouping } {
  let group: ThreadGrouping | undefined;
  for (const m of text.matchAll(GROUP)) {
    const value = m[2]!.toLowerCase();
    if (value !== 'incident' && value !== 'alert')
      throw new TriageError(
        'invalid',
        `Unknown grouping "${m[2]}". Use group=incident (one thread per incident) or group=alert (one per alert, the default).`,
      );
    group = value === 'incident' ? 'incident' : undefined;
  }
  return { rest: text.replace(GROUP, ' ').replace(/\s+/g, ' ').trim(), group };
}
