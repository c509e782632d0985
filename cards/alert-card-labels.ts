import type { Translator } from '../src/i18n/translator.js';

/**
 * The fixed texts of the alert card's template (button titles, input labels, placeholders, error
 * messages, headings) in one reader's language: the template binds them as `labels.*`. They depend on
 * the language alone, so they are worded once per translator (Messages keeps one per reader kind).
 */
export type AlertCardLabels = ReturnType<typeof wordLabels>;

const cache = new WeakMap<Translator, AlertCardLabels>();

/** The labels for `i18n`'s reader, worded on first use. */
export function alertCardLabels(i18n: Translator): AlertCardLabels {
  let labels = cache.get(i18n);
  if (!labels) {
    labels = wordLabels(i18n);
    cache.set(i18n, labels);
  }
  return labels;
}

function wordLabels(i18n: Translator) {
  const t = i18n.t.bind(i18n);
  return {
    matchedContent: t('alertCard.matchedContent'),
    latestComments: t('alertCard.latestComments'),
    assignToMe: t('alertCard.action.assignToMe'),
    details: t('alertCard.action.details'),
    investigate: t('alertCard.action.investigate'),
    classify: t('alertCard.action.classify'),
    status: t('alertCard.action.status'),
    comment: t('alertCard.action.comment'),
    assign: t('alertCard.action.assign'),
    remediate: t('alertCard.action.remediate'),
    history: t('alertCard.action.history'),
    share: t('alertCard.action.share'),
    unshare: t('alertCard.action.unshare'),
    refresh: t('alertCard.action.refresh'),
    openInDefender: t('alertCard.action.openInDefender'),
    more: t('alertCard.action.more'),
    classifyQuestion: t('alertCard.classify.question'),
    determination: t('alertCard.classify.determination'),
    chooseDetermination: t('alertCard.classify.chooseDetermination'),
    sayWhyFalsePositive: t('alertCard.classify.sayWhy'),
    alsoResolve: t('alertCard.classify.alsoResolve'),
    statusLabel: t('alertCard.status.label'),
    statusPlaceholder: t('alertCard.status.placeholder'),
    chooseStatus: t('alertCard.status.choose'),
    commentOptional: t('alertCard.commentOptional'),
    whyOptional: t('alertCard.whyOptional'),
    updateStatus: t('alertCard.status.update'),
    commentLabel: t('alertCard.comment.label'),
    commentPlaceholder: t('alertCard.comment.placeholder'),
    commentRequired: t('alertCard.comment.required'),
    addComment: t('alertCard.comment.add'),
    assignTo: t('alertCard.assign.label'),
    choosePerson: t('alertCard.assign.choosePerson'),
    personRequired: t('alertCard.assign.personRequired'),
    upnHint: t('alertCard.assign.upnHint'),
    upnRequired: t('alertCard.assign.upnRequired'),
    assignSubmit: t('alertCard.assign.submit'),
    remediation: t('alertCard.remediate.label'),
    chooseAction: t('alertCard.remediate.chooseAction'),
    actionRequired: t('alertCard.remediate.actionRequired'),
    remediateNote: t('alertCard.remediate.note'),
    reviewPlan: t('alertCard.remediate.review'),
  };
}
