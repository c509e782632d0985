import type { Translator } from '../src/i18n/translator.js';
import { wordOf } from './alert-words.js';

/** How incident values read in the reader's language; a value the catalogue does not name never selects a message. */

/** "Active", "In progress", "Merged"…; "Unknown" for a status the catalogue does not name. */
export const incidentStatusWord = (i18n: Translator, status: unknown): string =>
  wordOf(i18n, 'incident.status.', status) ?? i18n.t('incident.status.unknown');

/** "Defender for Endpoint", "Purview DLP"…; "another product" for a source the catalogue does not name. */
export const sourceWord = (i18n: Translator, source: unknown): string =>
  wordOf(i18n, 'incident.source.', source) ?? i18n.t('incident.source.unknown');
