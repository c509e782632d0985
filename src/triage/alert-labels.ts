import type { Classification, Severity, Status } from './alert.js';

/**
 * How alerts read to people, wherever they are shown (cards, the share page, thread replies, notes):
 * one set of labels so the card and the share page never disagree.
 */

export const SEVERITY_LABEL: Readonly<Record<Severity, string>> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Informational',
  unknown: 'Unknown',
};

/**
 * The one name of each status, wherever a status is shown (card, status choices, lists, digest, thread
 * replies): Graph's statuses in words. Purview's dashboard says Active / Investigating for the first two.
 */
export const STATUS_LABEL: Readonly<Record<Status, string>> = {
  new: 'New',
  inProgress: 'In progress',
  resolved: 'Resolved',
  unknown: 'Unknown',
};

/** The status's name, for any value from the wire (an unlisted one is "Unknown"). */
export function statusLabel(status: string): string {
  return Object.hasOwn(STATUS_LABEL, status) ? STATUS_LABEL[status as Status] : STATUS_LABEL.unknown;
}

/** The status's name inside a sentence ("Status set to in progress."). */
export function statusInSentence(status: string): string {
  return statusLabel(status).toLowerCase();
}

export const CLASSIFICATION_LABEL: Readonly<Record<Classification, string>> = {
  truePositive: 'True positive',
  falsePositive: 'False positive',
  informationalExpectedActivity: 'Informational, expected activity',
  unknown: 'Not classified',
};

/** Titles of the Graph SDK determination values (wire values as keys). */
export const DETERMINATION_LABEL: Readonly<Record<string, string>> = {
  maliciousUserActivity: 'Malicious user activity',
  compromisedAccount: 'Compromised account',
  confirmedActivity: 'Confirmed activity',
  lineOfBusinessApplication: 'Line-of-business application',
  securityTesting: 'Security testing',
  securityPersonnel: 'Security personnel',
  notMalicious: 'Not malicious',
  notEnoughDataToValidate: 'Not enough data to validate',
  multiStagedAttack: 'Multi-staged attack',
  phishing: 'Phishing',
  malware: 'Malware',
  unwantedSoftware: 'Unwanted software',
  apt: 'Advanced persistent threat (APT)',
  other: 'Other',
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "30 Nov 2026, 14:05 UTC"; "unknown date" for anything unparsable. */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown date';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
