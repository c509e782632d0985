import type { MessageKey } from '../src/i18n/catalogue.js';
import { englishText, type MessageValues } from '../src/i18n/messages.js';
import { TriageError, type TriageErrorCode } from '../src/triage/triage-error.js';

/**
 * A refusal the Teams glue makes itself, worded by the catalogue: `key` and `values` travel with the
 * error so bot/answers.ts shows it in the reader's language; the English text is what is logged and audited.
 */
export function refusal(code: TriageErrorCode, key: MessageKey, values?: MessageValues): TriageError {
  return new TriageError(code, englishText(key, values), { key, data: values });
}
