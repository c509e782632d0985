import type { Alert } from '../src/triage/alert.js';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, formatUtc, statusLabel } from '../src/triage/alert-labels.js';
import { destinationFacts, policyActionFact, sensitiveInfoFact, whoFacts, type CardFact } from './alert-dlp-facts.js';
import { formatAge, md, oneLine, plural } from './card-text.js';

export type { CardFact } from './alert-dlp-facts.js';

/** The assignee as the card names them: display name from the directory, and whether they are the viewer. */
export interface AssigneeName {
  displayName?: string;
  isViewer: boolean;
}

/**
 * The alert's facts in card order: first what decides triage (what the policy did, who, what data, where
 * it went), then its state, then the artefacts. `summary` leaves out what not every channel member may see
 * (the user and department, the sensitive information types, where it went, the justification of an
 * override, the file path, the message, the device); `full` is the details view.
 */
export function alertFacts(alert: Alert, detail: 'summary' | 'full', now: Date, assignee?: AssigneeName): CardFact[] {
  const full = detail === 'full';
  const message = alert.message;
  const facts: (CardFact | false | undefined)[] = [
    policyActionFact(alert, full),
    ...(full ? [...whoFacts(alert), sensitiveInfoFact(alert), ...destinationFacts(alert)] : []),
    { title: 'Status', value: statusLabel(alert.status) },
    { title: 'Assigned to', value: assigneeText(alert, assignee) },
    { title: 'Classification', value: classificationText(alert) },
    { title: 'Detected', value: `${formatUtc(alert.createdAt)} (${formatAge(alert.createdAt, now)})` },
    !!alert.file && {
      title: 'File',
      value: md(
        oneLine(
          full ? (alert.file.url ?? [alert.file.path, alert.file.name].filter(Boolean).join('/')) : alert.file.name,
          full ? 300 : 120,
        ),
      ),
    },
    full &&
      !!message && {
        title: 'Message',
        value: md(
          `${oneLine(message.subject ?? '', 100) || '(no subject)'} · ${plural(message.recipients.length, 'recipient')}`,
        ),
      },
    full &&
      !!alert.device && {
        title: 'Device',
        value: md(
          oneLine(alert.device.name, 100) +
            (alert.device.osPlatform ? ` (${oneLine(alert.device.osPlatform, 40)})` : ''),
        ),
      },
    { title: 'Comments', value: String(alert.comments.length) },
  ];
  return facts.filter((f): f is CardFact => !!f);
}

/** "Sam Analyst (you)"; the user principal name when the directory did not name them. */
function assigneeText(alert: Alert, assignee: AssigneeName | undefined): string {
  if (!alert.assignedTo) return 'Unassigned';
  const name = md(oneLine(assignee?.displayName || alert.assignedTo, 120));
  return assignee?.isViewer ? `${name} (you)` : name;
}

/** "True positive · Malicious user activity"; the classification alone when the determination is unknown. */
export function classificationText(alert: Alert): string {
  const base = CLASSIFICATION_LABEL[alert.classification] ?? CLASSIFICATION_LABEL.unknown;
  const determination = Object.hasOwn(DETERMINATION_LABEL, alert.determination)
    ? DETERMINATION_LABEL[alert.determination]
    : undefined;
  return alert.classification !== 'unknown' && determination ? `${base} · ${determination}` : base;
}
