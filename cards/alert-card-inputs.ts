import type { Alert, AlertComment } from '../src/triage/alert.js';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, STATUS_LABEL } from '../src/triage/alert-labels.js';
import { DETERMINATIONS } from '../src/triage/classification.js';
import { STATUSES } from '../src/triage/alert.js';
import { formatAge, md, oneLine } from './card-text.js';

/** The data of the alert card's inputs and comment lines, ready for the template. Pure. */

/** Marks the alert's current classification among the Classify buttons. */
const CURRENT_MARK = '✓';

/** One Classify sub-card per classification, each offering only the determinations valid with it. */
export function classifyOptions(alert: Alert) {
  return (Object.keys(DETERMINATIONS) as (keyof typeof DETERMINATIONS)[]).map((classification) => {
    const falsePositive = classification === 'falsePositive';
    const title = CLASSIFICATION_LABEL[classification];
    return {
      value: classification,
      title,
      buttonTitle: alert.classification === classification ? `${CURRENT_MARK} ${title}` : title,
      actionId: `alert.classify.${classification}`,
      selected:
        alert.classification === classification && DETERMINATIONS[classification].includes(alert.determination)
          ? alert.determination
          : '',
      determinations: DETERMINATIONS[classification].map((value) => ({
        value,
        title: DETERMINATION_LABEL[value] ?? value,
      })),
      commentRequired: falsePositive,
      commentLabel: falsePositive ? 'Why is it a false positive?' : 'Comment (optional)',
      commentPlaceholder: falsePositive ? 'Required: what makes this match harmless?' : 'Why? (optional)',
      resolveDefault: falsePositive ? 'true' : 'false',
    };
  });
}

/** The status choices, titled with the one name of each status. */
export function statusChoices() {
  return STATUSES.map((value) => ({ value, title: STATUS_LABEL[value] }));
}

/** A comment as the card lists it: author and age, then its first line cut to ~120 characters. */
export function commentData(comment: AlertComment, now: Date) {
  const firstLine = comment.text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return {
    header: md(`${oneLine(comment.author, 80) || 'Unknown'} · ${formatAge(comment.createdAt, now)}`),
    text: md(oneLine(firstLine, 120)) || '(empty comment)',
  };
}
