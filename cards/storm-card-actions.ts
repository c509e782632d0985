import type { Translator } from '../src/i18n/translator.js';
import { CLASSIFICATIONS } from '../src/triage/alert.js';
import { DETERMINATIONS } from '../src/triage/classification.js';
import { classificationWord, determinationWord } from './alert-words.js';
import { statusChoices } from './alert-card-inputs.js';

/** The storm card's verbs: each applies one action to every alert of the storm, alert by alert. */
export const STORM_VERBS = ['storm.assignToMe', 'storm.assign', 'storm.classify', 'storm.setStatus'] as const;
export type StormVerb = (typeof STORM_VERBS)[number];

/** What every storm verb's data carries: which storm, and the revision of it the card shows (its version). */
export interface StormRef {
  stormId: string;
  revision: number;
}

const DETERMINATION_CHOICES = [...new Set(Object.values(DETERMINATIONS).flat())];

/**
 * The storm card's buttons: Assign all to me, and forms to assign, classify or set the status of all its
 * alerts. Which of them one may change is decided on the server, alert by alert.
 */
export function stormActions(ref: StormRef, count: number, i18n: Translator): Record<string, unknown>[] {
  const apply = (verb: StormVerb) => ({
    type: 'Action.Execute',
    title: i18n.t('storm.apply', { count }),
    verb,
    data: { ...ref },
  });
  const form = (title: string, body: unknown[], verb: StormVerb) => ({
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body, actions: [apply(verb)] },
  });
  const comment = { type: 'Input.Text', id: 'comment', label: i18n.t('alertCard.commentOptional'), isMultiline: true };
  return [
    { type: 'Action.Execute', title: i18n.t('storm.assignAllToMe'), verb: 'storm.assignToMe', data: { ...ref } },
    form(
      i18n.t('storm.assignAll'),
      [
        {
          type: 'Input.Text',
          id: 'assignee',
          label: i18n.t('alertCard.assign.label'),
          placeholder: i18n.t('alertCard.assign.upnHint'),
          isRequired: true,
          errorMessage: i18n.t('alertCard.assign.upnRequired'),
        },
      ],
      'storm.assign',
    ),
    form(i18n.t('storm.classifyAll'), classifyInputs(i18n, comment), 'storm.classify'),
    form(
      i18n.t('storm.statusAll'),
      [
        choices('status', i18n.t('alertCard.status.label'), statusChoices(i18n), i18n.t('alertCard.status.choose')),
        comment,
      ],
      'storm.setStatus',
    ),
  ];
}

function classifyInputs(i18n: Translator, comment: Record<string, unknown>): unknown[] {
  const classifications = CLASSIFICATIONS.map((value) => ({ value, title: classificationWord(i18n, value) }));
  const determinations = DETERMINATION_CHOICES.map((value) => ({
    value,
    title: determinationWord(i18n, value) ?? value,
  }));
  return [
    choices(
      'classification',
      i18n.t('alertCard.classify.question'),
      classifications,
      i18n.t('alertCard.classify.question'),
    ),
    choices(
      'determination',
      i18n.t('alertCard.classify.determination'),
      determinations,
      i18n.t('alertCard.classify.chooseDetermination'),
    ),
    comment,
  ];
}

function choices(id: string, label: string, values: { value: string; title: string }[], required: string) {
  return { type: 'Input.ChoiceSet', id, label, choices: values, isRequired: true, errorMessage: required };
}
