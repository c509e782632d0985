import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { md, oneLine } from './card-text.js';
import { historyLines, type HistoryEntry, type HistoryOptions } from './history-lines.js';

/** The day and time-of-day formats of one reader (Intl formatters are costly to build: once per translator). */
const formats = new WeakMap<Translator, { day: Intl.DateTimeFormat; time: Intl.DateTimeFormat }>();

function formatsOf(i18n: Translator) {
  let f = formats.get(i18n);
  if (!f) {
    const timeZone = i18n.timeZone;
    f = {
      day: new Intl.DateTimeFormat(i18n.locale, { year: 'numeric', month: 'short', day: 'numeric', timeZone }),
      time: new Intl.DateTimeFormat(i18n.locale, { hour: '2-digit', minute: '2-digit', timeZone }),
    };
    formats.set(i18n, f);
  }
  return f;
}

/**
 * When an entry happened, as the History card shows it: the day heading and the time of day, in the
 * reader's time zone and locale format ("23 Nov 2026" / "2026年11月23日", "14:02" / "2:02 PM"). The one
 * place that formats history times.
 */
export function formatHistoryTime(iso: string, i18n: Translator): { day: string; time: string } {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return { day: i18n.t('time.unknownDate'), time: '--:--' };
  const { day, time } = formatsOf(i18n);
  return { day: day.format(d), time: time.format(d) };
}

/** What the card needs besides the entries: the reader, how to name people and whether step targets show. */
export interface HistoryCardOptions extends HistoryOptions {
  /** The most entries that were asked for: when exactly this many came, older ones may exist. */
  limit: number;
}

/**
 * The per-user History card of an alert (`alert.history`) in the reader's language and time zone: its audit
 * trail as readable lines, oldest first, grouped by day ("14:02 Sam Analyst classified it true positive —
 * malicious user activity"), each remediation with its steps and their results. Every name and value is
 * escaped; no matched content.
 */
export function renderHistoryCard(
  alert: Alert,
  entries: readonly HistoryEntry[],
  options: HistoryCardOptions,
): AdaptiveCard {
  const { i18n } = options;
  const title = oneLine(alert.title, 250) || i18n.t('alertCard.untitled');
  const lines = historyLines(entries, options);
  const body: unknown[] = [
    { type: 'TextBlock', text: i18n.t('history.title'), weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: md(title), isSubtle: true, size: 'Small', spacing: 'None', wrap: true },
  ];
  let day = '';
  for (const line of lines) {
    const when = formatHistoryTime(line.at, i18n);
    if (when.day !== day) {
      day = when.day;
      body.push({ type: 'TextBlock', text: day, weight: 'Bolder', size: 'Small', spacing: 'Medium', wrap: true });
    }
    body.push({ type: 'TextBlock', text: `${when.time} ${line.text}`, spacing: 'Small', wrap: true });
    for (const step of line.steps) {
      const text = `${step.mark} ${step.text}`;
      body.push({ type: 'TextBlock', text, size: 'Small', isSubtle: true, spacing: 'None', wrap: true });
    }
  }
  if (lines.length === 0)
    body.push({ type: 'TextBlock', text: i18n.t('history.empty'), wrap: true, spacing: 'Medium' });
  const notes = [
    ...(entries.length >= options.limit ? [i18n.t('history.latest')] : []),
    i18n.t('history.note', { zone: i18n.timeZone }),
  ];
  body.push({ type: 'TextBlock', text: notes.join(' '), isSubtle: true, size: 'Small', spacing: 'Medium', wrap: true });
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: i18n.t('history.fallback', { title }),
    body,
    actions: [
      {
        type: 'Action.Execute',
        title: i18n.t('remediation.backToAlert'),
        verb: 'alert.refresh',
        data: { alertId: alert.id, version: alert.lastUpdatedAt },
      },
    ],
  };
}
