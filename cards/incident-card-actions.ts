import type { Translator } from '../src/i18n/translator.js';
import { CLASSIFICATIONS } from '../src/triage/alert.js';
import { DETERMINATIONS } from '../src/triage/classification.js';
import type { Incident } from '../src/triage/incidents/incident.js';
import { INCIDENT_STATUSES } from '../src/triage/incidents/incident.js';
import { classificationWord, determinationWord } from './alert-words.js';
import { incidentStatusWord } from './incident-words.js';

/** The incident verbs a card may offer, each a form (Action.ShowCard) or a button. */
export const INCIDENT_ACTION_VERBS = [
  'incident.assign',
  'incident.setStatus',
  'incident.classify',
  'incident.comment',
  'incident.tag',
] as const;
export type IncidentActionVerb = (typeof INCIDENT_ACTION_VERBS)[number];

const MAX_COMMENT = 30_000;

type Execute = (verb: string, title: string, extra?: Record<string, string>) => Record<string, unknown>;

/** The incident card's actions: one form per verb the reader may use, Refresh, and the way back. Pure. */
export function incidentActions(
  incident: Incident,
  allowed: ReadonlySet<IncidentActionVerb>,
  i18n: Translator,
  fromAlertId?: string,
) {
  // Every action keeps the alert the card was opened from, so each answer still offers the way back.
  const data = {
    incidentId: incident.id,
    version: incident.lastUpdatedAt,
    ...(fromAlertId ? { alertId: fromAlertId } : {}),
  };
  const execute: Execute = (verb, title, extra = {}) => ({
    type: 'Action.Execute',
    verb,
    title,
    data: { ...data, ...extra },
  });
  const forms = actionForms(incident, i18n, execute);
  const back = { type: 'Action.Execute', verb: 'alert.refresh', title: i18n.t('incident.backToAlert') };
  return [
    ...INCIDENT_ACTION_VERBS.filter((v) => allowed.has(v)).map((v) => forms[v]),
    execute('incident.show', i18n.t('incident.action.refresh')),
    ...(fromAlertId ? [{ ...back, data: { alertId: fromAlertId } }] : []),
  ];
}

/** One Action.ShowCard form per incident verb. */
function actionForms(incident: Incident, i18n: Translator, execute: Execute) {
  const form = (title: string, body: unknown[], actions: unknown[]) => ({
    type: 'Action.ShowCard',
    title,
    card: { type: 'AdaptiveCard', body, actions },
  });
  const comment = (required: boolean) => ({
    type: 'Input.Text',
    id: 'comment',
    label: i18n.t('incident.input.comment'),
    placeholder: required ? i18n.t('incident.input.commentHint') : '',
    isMultiline: true,
    maxLength: MAX_COMMENT,
  });
  const save = i18n.t('incident.save');
  return {
    'incident.assign': form(
      i18n.t('incident.action.assign'),
      [textInput('assignee', i18n.t('incident.input.assignee'), i18n.t('incident.input.assigneeHint'), 256)],
      [execute('incident.assign', save)],
    ),
    'incident.setStatus': form(
      i18n.t('incident.action.status'),
      [choices('status', i18n.t('incident.fact.status'), statusChoices(i18n), current(incident.status)), comment(true)],
      [execute('incident.setStatus', save)],
    ),
    'incident.classify': form(
      i18n.t('incident.action.classify'),
      [choices('verdict', i18n.t('incident.input.verdict'), verdictChoices(i18n), verdictOf(incident)), comment(false)],
      [execute('incident.classify', save)],
    ),
    'incident.comment': form(i18n.t('incident.action.comment'), [comment(false)], [execute('incident.comment', save)]),
    'incident.tag': form(
      i18n.t('incident.action.tags'),
      [textInput('tag', i18n.t('incident.input.tag'), i18n.t('incident.input.tagHint'), 50)],
      [
        execute('incident.tag', i18n.t('incident.tag.add'), { op: 'add' }),
        execute('incident.tag', i18n.t('incident.tag.remove'), { op: 'remove' }),
      ],
    ),
  } satisfies Record<IncidentActionVerb, unknown>;
}

/** "truePositive:maliciousUserActivity": one choice per valid classification and determination pair. */
export function verdictChoices(i18n: Translator) {
  return CLASSIFICATIONS.flatMap((c) =>
    DETERMINATIONS[c].map((d) => ({
      value: `${c}:${d}`,
      title: `${classificationWord(i18n, c)} · ${determinationWord(i18n, d) ?? d}`,
    })),
  );
}

function verdictOf(incident: Incident): string {
  return incident.classification === 'unknown' ? '' : `${incident.classification}:${incident.determination}`;
}

function statusChoices(i18n: Translator) {
  return INCIDENT_STATUSES.map((value) => ({ value, title: incidentStatusWord(i18n, value) }));
}

function current(status: string): string {
  return (INCIDENT_STATUSES as readonly string[]).includes(status) ? status : '';
}

function textInput(id: string, label: string, placeholder: string, maxLength: number) {
  return { type: 'Input.Text', id, label, placeholder, maxLength, isRequired: true, errorMessage: label };
}

function choices(id: string, label: string, list: { value: string; title: string }[], value: string) {
  return { type: 'Input.ChoiceSet', id, label, choices: list, value, isRequired: true, errorMessage: label };
}
