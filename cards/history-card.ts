import type { Alert } from '../src/triage/alert.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { md, oneLine } from './card-text.js';
import { historyLines, type HistoryEntry, type HistoryOptions } from './history-lines.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const TEXT = {
  title: 'History',
  empty: 'Nothing has been recorded for this alert yet.',
  latest: 'Only the latest entries are shown.',
  note: 'Times in UTC. Refused attempts are not listed here; the audit command lists every entry.',
  back: 'Back to the alert',
  fallback: (title: string) => `History of the DLP alert: ${title}`,
};

/**
 * When an entry happened, as the History card shows it: the day heading and the time of day. The one
 * place that formats history times (UTC for now; a reader's time zone later).
 */
export function formatHistoryTime(iso: string): { day: string; time: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { day: 'Unknown date', time: '--:--' };
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    day: `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** What the card needs besides the entries: how to name people and whether step targets show. */
export interface HistoryCardOptions extends HistoryOptions {
  /** The most entries that were asked for: when exactly this many came, older ones may exist. */
  limit: number;
}

/**
 * The per-user History card of an alert (`alert.history`): its audit trail as readable lines, oldest
 * first, grouped by day ("14:02 Sam Analyst classified it true positive — malicious user activity"), each
 * remediation with its steps and their results. Every name and value is escaped; no matched content.
 */
export function renderHistoryCard(
  alert: Alert,
  entries: readonly HistoryEntry[],
  options: HistoryCardOptions,
): AdaptiveCard {
  const title = oneLine(alert.title, 250) || 'Untitled DLP alert';
  const lines = historyLines(entries, options);
  const body: unknown[] = [
    { type: 'TextBlock', text: TEXT.title, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: md(title), isSubtle: true, size: 'Small', spacing: 'None', wrap: true },
  ];
  let day = '';
  for (const line of lines) {
    const when = formatHistoryTime(line.at);
    if (when.day !== day) {
      day = when.day;
      body.push({ type: 'TextBlock', text: day, weight: 'Bolder', size: 'Small', spacing: 'Medium', wrap: true });
    }
    const what = `${when.time} ${md(oneLine(line.who, 80))} ${md(oneLine(line.what, 300))}`;
    body.push({ type: 'TextBlock', text: what, spacing: 'Small', wrap: true });
    for (const step of line.steps) {
      const text = `${step.mark} ${md(oneLine(step.text, 400))}`;
      body.push({ type: 'TextBlock', text, size: 'Small', isSubtle: true, spacing: 'None', wrap: true });
    }
  }
  if (lines.length === 0) body.push({ type: 'TextBlock', text: TEXT.empty, wrap: true, spacing: 'Medium' });
  const notes = [...(entries.length >= options.limit ? [TEXT.latest] : []), TEXT.note];
  body.push({ type: 'TextBlock', text: notes.join(' '), isSubtle: true, size: 'Small', spacing: 'Medium', wrap: true });
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: TEXT.fallback(title),
    body,
    actions: [
      {
        type: 'Action.Execute',
        title: TEXT.back,
        verb: 'alert.refresh',
        data: { alertId: alert.id, version: alert.lastUpdatedAt },
      },
    ],
  };
}
