import type { Translator } from '../src/i18n/translator.js';
import type { Alert, AlertComment } from '../src/triage/alert.js';
import { DETERMINATIONS } from '../src/triage/classification.js';
import { STATUSES } from '../src/triage/alert.js';
import { sourceStatusWord } from './alert-source-facts.js';
import { classificationWord, determinationWord } from './alert-words.js';
import { md, oneLine } from './card-text.js';

/** The data of the alert card's inputs and comment lines, ready for the template, in the reader's language. Pure. */

/** Marks the alert's current classification among the Classify buttons. */
const CURRENT_MARK = '✓';

/** One Classify sub-card per classification, each offering only the determinations valid with it. */
export function classifyOptions(alert: Alert, i18n: Translator) {
  return (Object.keys(DETERMINATIONS) as (keyof typeof DETERMINATIONS)[]).map((classification) => {
    const falsePositive = classification === 'falsePositive';
    const title = classificationWord(i18n, classification);
    return {
      value: classification,
      title,
      buttonTitle: alert.classification === classification ? `${CURRENT_MARK} ${title}` : title,
      saveTitle: i18n.t('alertCard.classify.save', { classification: title }),
      actionId: `alert.classify.${classification}`,
      selected:
        alert.classification === classification && DETERMINATIONS[classification].includes(alert.determination)
          ? alert.determination
          : '',
      determinations: DETERMINATIONS[classification].map((value) => ({
        value,
        title: determinationWord(i18n, value) ?? value,
      })),
      commentRequired: falsePositive,
      commentLabel: i18n.t(falsePositive ? 'alertCard.classify.whyFalsePositive' : 'alertCard.commentOptional'),
      commentPlaceholder: i18n.t(falsePositive ? 'alertCard.classify.whyFalsePositiveHint' : 'alertCard.whyOptional'),
      resolveDefault: falsePositive ? 'true' : 'false',
    };
  });
}

/** The status choices, titled with the one name of each status. */
export function statusChoices(i18n: Translator, source?: string) {
  return STATUSES.map((value) => ({ value, title: sourceStatusWord(i18n, value, source) }));
}

/** A comment as the card lists it: author and age, then its first line cut to ~120 characters. */
export function commentData(comment: AlertComment, now: Date, i18n: Translator) {
  const firstLine = comment.text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const author = oneLine(comment.author, 80) || i18n.t('alertCard.unknownAuthor');
  return {
    header: md(`${author} · ${i18n.ago(comment.createdAt, now)}`),
    text: md(oneLine(firstLine, 120)) || i18n.t('alertCard.emptyComment'),
  };
}
