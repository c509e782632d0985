import type { Alert, EvidenceItem } from '../alert.js';
import type { TriageErrorCode } from '../triage-error.js';
import type { ActivityAnswer, ActivityEvent, DlpEnforcement } from './activity.js';

/** At most this many events on the card; the card also gives the total. */
export const MAX_EVENTS_SHOWN = 10;

/** What the activity around an alert adds up to, for one look. */
export interface ActivitySummary {
  total: number;
  /** Most frequent first (DLP matches first among equals); a DLP event's action carries its enforcement. */
  byAction: ActionCount[];
  byApplication: { name: string; count: number }[];
  countries: string[];
  ipAddresses: string[];
  /** The events that matter most first (see `eventWeight`), then by time; at most MAX_EVENTS_SHOWN. */
  highlights: ActivityEvent[];
}

/** How often an action type occurs; a DLP event's with the policy's enforcement, which the card words. */
export interface ActionCount {
  name: string;
  count: number;
  dlpEnforcement?: DlpEnforcement;
}

/** The parts of an investigation that are read on their own (one failing leaves the others). */
export type InvestigationPart = 'activity' | 'incidentAlerts' | 'userAlerts' | 'fileAlerts';

/** A part that could not be read right now, and the domain error's code when the backend said why. */
export interface InvestigationProblem {
  part: InvestigationPart;
  code?: TriageErrorCode;
}

/** The activity section: a summary, or why there is none. */
export type ActivitySection =
  | { kind: 'events'; summary: ActivitySummary }
  | Exclude<ActivityAnswer, { kind: 'events' }>
  /** The alert names no user, so there is no one's activity to show. */
  | { kind: 'noUser' };

/** "Is this a repeat?": the subject's DLP alerts and how they were classified. */
export interface UserHistory {
  last30Days: number;
  last90Days: number;
  truePositive: number;
  falsePositive: number;
  informational: number;
  /** The latest classified one before this alert. */
  latest?: { classification: Alert['classification']; determination: string; at: string };
}

/** Everything the investigation card shows, already limited to what the requester may see. */
export interface Investigation {
  alert: Alert;
  window: { from: string; to: string };
  activity: ActivitySection;
  related: { incident: Alert[]; user: Alert[]; file: Alert[] };
  history?: UserHistory;
  evidence: EvidenceItem[];
  /** The hunting queries as shown (CloudAppEvents, then the DLP query); empty when the alert names no user. */
  kql: string;
  huntingUrl: string;
  /** The parts that could not be read right now (the rest of the card still shows); the card words them. */
  problems: InvestigationProblem[];
}

/**
 * How much an action type matters for the call (higher first): DLP matches, sharing outside, bulk
 * downloads and syncs, copies to personal cloud or removable media, external mail, label downgrades.
 */
const WEIGHTS: readonly [RegExp, number][] = [
  [/^DlpRuleMatch$/i, 100],
  [/Anonymous|Anyone/i, 90],
  [/SharingInvitation|SharedWith|AddedToSecureLink|ExternalUser/i, 80],
  [/RemovableMedia|UploadedToCloud|PersonalCloud|Print/i, 75],
  [/Label(Removed|Downgraded|Changed)/i, 70],
  [/^Send$|MailItemsAccessed|Forward/i, 60],
  [/Download|Sync/i, 50],
];

/** A DLP event of DataSecurityEvents is a DLP match whatever its action type. */
export function eventWeight(event: ActivityEvent): number {
  const weight = event.dlpEnforcement ? 100 : (WEIGHTS.find(([pattern]) => pattern.test(event.actionType))?.[1] ?? 0);
  return weight + (event.uncommonForUser ? 20 : 0);
}

/** Sums up a user's events: counts by action and application, places, and the ones to read first. */
export function summarise(events: readonly ActivityEvent[], total: number): ActivitySummary {
  const highlights = [...events]
    .sort((a, b) => eventWeight(b) - eventWeight(a) || Date.parse(a.at) - Date.parse(b.at))
    .slice(0, MAX_EVENTS_SHOWN);
  return {
    total,
    byAction: actionCounts(events),
    byApplication: countBy(events, (e) => e.application),
    countries: distinct(events.map((e) => e.countryCode)),
    ipAddresses: distinct(events.map((e) => e.ipAddress)),
    highlights,
  };
}

/** The subject's history from their alerts of the last 90 days (this alert left out). */
export function historyOf(alert: Alert, alerts: readonly Alert[], now: Date): UserHistory {
  const others = alerts.filter((a) => a.id !== alert.id);
  const since30 = now.getTime() - 30 * 86_400_000;
  const classified = others
    .filter((a) => a.classification !== 'unknown')
    .sort((a, b) => Date.parse(b.lastUpdatedAt) - Date.parse(a.lastUpdatedAt));
  const count = (c: Alert['classification']) => others.filter((a) => a.classification === c).length;
  const latest = classified[0];
  return {
    last30Days: others.filter((a) => Date.parse(a.createdAt) >= since30).length,
    last90Days: others.length,
    truePositive: count('truePositive'),
    falsePositive: count('falsePositive'),
    informational: count('informationalExpectedActivity'),
    latest: latest && {
      classification: latest.classification,
      determination: latest.determination,
      at: latest.lastUpdatedAt,
    },
  };
}

/** Counts by action type and, for DLP events, enforcement; DLP matches first among equal counts. */
function actionCounts(events: readonly ActivityEvent[]): ActionCount[] {
  const counts = new Map<string, ActionCount>();
  for (const e of events) {
    const key = `${e.dlpEnforcement ?? ''}\u0000${e.actionType}`;
    const known = counts.get(key);
    if (known) known.count++;
    else
      counts.set(key, {
        name: e.actionType,
        count: 1,
        ...(e.dlpEnforcement ? { dlpEnforcement: e.dlpEnforcement } : {}),
      });
  }
  const dlpFirst = (a: ActionCount, b: ActionCount) => Number(!a.dlpEnforcement) - Number(!b.dlpEnforcement);
  return [...counts.values()].sort(
    (a, b) =>
      b.count - a.count ||
      dlpFirst(a, b) ||
      a.name.localeCompare(b.name) ||
      (a.dlpEnforcement ?? '').localeCompare(b.dlpEnforcement ?? ''),
  );
}

function countBy(events: readonly ActivityEvent[], key: (e: ActivityEvent) => string | undefined) {
  const counts = new Map<string, number>();
  for (const e of events) {
    const k = key(e);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return [...counts]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))].sort();
}
