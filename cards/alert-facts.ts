import type { Alert } from '../src/triage/alert.js';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, STATUS_LABEL, formatUtc } from '../src/triage/alert-labels.js';
import { formatAge, md, oneLine, plural } from './card-text.js';

/** One labelled line of the alert card ("Status: New (Active)"); both parts are escaped markdown. */
export interface CardFact {
  title: string;
  value: string;
}

const MAX_SENSITIVE_TYPES = 8;

/**
 * The alert's facts in card order. `summary` leaves out what not every channel member may see (the user,
 * the file path, the message, the device, the sensitive information types); `full` is the details view.
 */
export function alertFacts(alert: Alert, detail: 'summary' | 'full', now: Date): CardFact[] {
  const full = detail === 'full';
  const user = alert.subject;
  const userName = user?.displayName || user?.userPrincipalName || user?.id;
  const message = alert.message;
  const facts: (CardFact | false | undefined)[] = [
    { title: 'Status', value: STATUS_LABEL[alert.status] ?? STATUS_LABEL.unknown },
    { title: 'Assigned to', value: alert.assignedTo ? md(oneLine(alert.assignedTo, 120)) : 'Unassigned' },
    { title: 'Classification', value: classificationText(alert) },
    { title: 'Detected', value: `${formatUtc(alert.createdAt)} (${formatAge(alert.createdAt, now)})` },
    full &&
      !!userName && {
        title: 'User',
        value: md(
          oneLine(
            userName && user?.userPrincipalName && userName !== user.userPrincipalName
              ? `${userName} (${user.userPrincipalName})`
              : (userName ?? ''),
            160,
          ),
        ),
      },
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
    full && alert.sensitiveInfoTypes.length > 0 && { title: 'Sensitive info', value: sensitiveInfoText(alert) },
    { title: 'Comments', value: String(alert.comments.length) },
  ];
  return facts.filter((f): f is CardFact => !!f);
}

function classificationText(alert: Alert): string {
  const base = CLASSIFICATION_LABEL[alert.classification] ?? CLASSIFICATION_LABEL.unknown;
  const determination = Object.hasOwn(DETERMINATION_LABEL, alert.determination)
    ? DETERMINATION_LABEL[alert.determination]
    : undefined;
  return alert.classification !== 'unknown' && determination ? `${base} · ${determination}` : base;
}

/** SIT names and counts only ("Credit Card Number ×27, IBAN ×3"); matched content never reaches the card. */
function sensitiveInfoText(alert: Alert): string {
  const types = alert.sensitiveInfoTypes;
  const shown = types.slice(0, MAX_SENSITIVE_TYPES).map((t) => `${oneLine(t.name, 60)} ×${t.count}`);
  const rest = types.length - shown.length;
  return md(shown.join(', ') + (rest > 0 ? `, +${rest} more` : ''));
}
