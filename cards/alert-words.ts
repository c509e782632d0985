import type { MessageKey } from '../src/i18n/catalogue.js';
import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';

/**
 * How an alert's values read in the reader's language: the catalogue's `labels.*` (and `alertCard.*`) for
 * severity, status, classification and determination. A value off the wire the catalogue does not name
 * reads as its `unknown` label (or, where there is none, is undefined); it never selects another message.
 */

/** The catalogue message `prefix + value` when the catalogue has one. */
export function wordOf(i18n: Translator, prefix: string, value: unknown): string | undefined {
  const key = `${prefix}${String(value)}`;
  return typeof value === 'string' && i18n.has(key) ? i18n.t(key) : undefined;
}

const named = (i18n: Translator, prefix: string, value: unknown) =>
  wordOf(i18n, prefix, value) ?? i18n.t(`${prefix}unknown` as MessageKey);

/** "High", "Hoch", "高"; "Unknown" for a severity the catalogue does not name. */
export const severityWord = (i18n: Translator, severity: unknown) => named(i18n, 'labels.severity.', severity);

/** "New", "In progress", "Resolved": the one name of each status. */
export const statusWord = (i18n: Translator, status: unknown) => named(i18n, 'labels.status.', status);

/** "True positive", "Not classified"… */
export const classificationWord = (i18n: Translator, classification: unknown) =>
  named(i18n, 'labels.classification.', classification);

/** "Malicious user activity"…; undefined for `unknown` and for values the catalogue does not name. */
export const determinationWord = (i18n: Translator, determination: unknown) =>
  wordOf(i18n, 'labels.determination.', determination);

/** "True positive · Malicious user activity"; the classification alone when the determination is unknown. */
export function classificationText(alert: Alert, i18n: Translator): string {
  const base = classificationWord(i18n, alert.classification);
  const determination = determinationWord(i18n, alert.determination);
  return alert.classification !== 'unknown' && determination ? `${base} · ${determination}` : base;
}

/** A label inside a sentence starts lower-case ("classified it true positive"); German nouns keep their capital. */
export function inSentence(label: string, i18n: Translator): string {
  return i18n.language === 'de' ? label : label.charAt(0).toLowerCase() + label.slice(1);
}
