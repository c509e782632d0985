import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import { destinationFacts, policyActionFact, sensitiveInfoFact, whoFacts, type CardFact } from './alert-dlp-facts.js';
import { sourceFacts, sourceStatusWord } from './alert-source-facts.js';
import { classificationText } from './alert-words.js';
import { md, oneLine } from './card-text.js';

export type { CardFact } from './alert-dlp-facts.js';

/** The assignee as the card names them: display name from the directory, and whether they are the viewer. */
export interface AssigneeName {
  displayName?: string;
  isViewer: boolean;
}

type FactName = 'status' | 'assignedTo' | 'classification' | 'detected' | 'file' | 'message' | 'device' | 'comments';

/** How the facts are drawn: how much, for whom (language and zone), and when. */
export interface FactOptions {
  detail: 'summary' | 'full';
  now: Date;
  i18n: Translator;
  assignee?: AssigneeName;
}

/**
 * The alert's facts in card order, in the reader's language and time zone: first what decides triage (what
 * the policy did, who, what data, where it went), then its state, then the artefacts. `summary` leaves out
 * what not every channel member may see (the user and department, the sensitive information types, where
 * it went, the justification of an override, the file path, the message, the device); `full` is the
 * details view.
 */
export function alertFacts(alert: Alert, { detail, now, i18n, assignee }: FactOptions): CardFact[] {
  const full = detail === 'full';
  const title = (fact: FactName) => i18n.t(`alertCard.fact.${fact}`);
  const facts: (CardFact | false | undefined)[] = [
    policyActionFact(alert, full, i18n),
    ...sourceFacts(alert, full, i18n),
    ...(full ? [...whoFacts(alert, i18n), sensitiveInfoFact(alert, i18n), ...destinationFacts(alert, i18n)] : []),
    { title: title('status'), value: sourceStatusWord(i18n, alert.status, alert.source) },
    { title: title('assignedTo'), value: assigneeText(alert, assignee, i18n) },
    { title: title('classification'), value: classificationText(alert, i18n) },
    { title: title('detected'), value: `${i18n.dateTime(alert.createdAt)} (${i18n.ago(alert.createdAt, now)})` },
    !!alert.file && { title: title('file'), value: fileText(alert.file, full) },
    full && !!alert.message && { title: title('message'), value: messageText(alert.message, i18n) },
    full && !!alert.device && { title: title('device'), value: deviceText(alert.device) },
    { title: title('comments'), value: i18n.number(alert.comments.length) },
  ];
  return facts.filter((f): f is CardFact => !!f);
}

/** The file's URL or path in the full view, its name in the summary. */
function fileText(file: NonNullable<Alert['file']>, full: boolean): string {
  const where = full ? (file.url ?? [file.path, file.name].filter(Boolean).join('/')) : file.name;
  return md(oneLine(where, full ? 300 : 120));
}

/** "Q1 numbers · 2 recipients". */
function messageText(message: NonNullable<Alert['message']>, i18n: Translator): string {
  const subject = oneLine(message.subject ?? '', 100) || i18n.t('alertCard.noSubject');
  return md(i18n.t('alertCard.message', { subject, recipients: message.recipients.length }));
}

/** "LAPTOP-42 (Windows11)". */
function deviceText(device: NonNullable<Alert['device']>): string {
  return md(oneLine(device.name, 100) + (device.osPlatform ? ` (${oneLine(device.osPlatform, 40)})` : ''));
}

/** "Sam Analyst (you)"; the user principal name when the directory did not name them. */
function assigneeText(alert: Alert, assignee: AssigneeName | undefined, i18n: Translator): string {
  if (!alert.assignedTo) return i18n.t('alertCard.unassigned');
  const name = md(oneLine(assignee?.displayName || alert.assignedTo, 120));
  return assignee?.isViewer ? i18n.t('alertCard.you', { name }) : name;
}
