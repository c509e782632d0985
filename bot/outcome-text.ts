import { classificationWord, determinationWord, inSentence, statusWord } from '../cards/alert-words.js';
import type { MessageValues } from '../src/i18n/messages.js';
import type { Translator } from '../src/i18n/translator.js';
import type { UpdateResult } from '../src/triage/alert-updates.js';

/**
 * What an update did, in the reader's language (plain text: escape it where markdown is rendered).
 * English readers get the domain's own line (it is the English source); others the catalogue message the
 * update names, its wire values worded as labels; an update that names none keeps its English line.
 */
export function outcomeText(result: UpdateResult, i18n: Translator): string {
  const said = result.said;
  if (i18n.language === 'en' || !said || !i18n.has(said.key)) return result.message;
  const values: Record<string, string> = { ...said.data };
  const { status, classification, determination } = said.data ?? {};
  if (status !== undefined) values.status = inSentence(statusWord(i18n, status), i18n);
  if (classification !== undefined) values.classification = inSentence(classificationWord(i18n, classification), i18n);
  if (determination !== undefined) {
    values.determination = inSentence(determinationWord(i18n, determination) ?? determination, i18n);
  }
  return i18n.t(said.key, values as MessageValues);
}
