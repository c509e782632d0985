import type { Alert } from '../alert.js';
import type { Clock } from '../ports.js';
import { isTriageError } from '../triage-error.js';
import type { ActivityQuery, ActivitySource } from './activity.js';
import { withDlpEvents } from './dlp-events.js';
import { activityQuery, advancedHuntingUrl, dlpEventQuery, shownQueries } from './hunting-query.js';
import { summarise, type ActivitySection, type InvestigationPart, type InvestigationProblem } from './investigation.js';
import type { RelatedAlertSource } from './related-alerts.js';

const DAY_MS = 86_400_000;

/** Everything read for one alert, before it is limited to what a requester may see. */
export interface Gathered {
  window: { from: string; to: string };
  activity: ActivitySection;
  incident: Alert[];
  user: Alert[];
  file: Alert[];
  /** The subject's alerts of the last 90 days, for the history line. */
  userHistory: Alert[];
  kql: string;
  huntingUrl: string;
  /** The parts that could not be read right now. */
  problems: InvestigationProblem[];
}

interface GatherDeps {
  activity: ActivitySource;
  related: RelatedAlertSource;
  clock: Clock;
  windowHours: number;
}

/**
 * Reads the activity and the related alerts of an alert, each part on its own: one that fails leaves the
 * others on the card, with a line saying what is missing.
 */
export async function gatherInvestigation(alert: Alert, deps: GatherDeps): Promise<Gathered> {
  const hours = deps.windowHours * 3_600_000;
  const first = Date.parse(alert.firstActivityAt ?? alert.createdAt);
  const last = Date.parse(alert.lastActivityAt ?? alert.firstActivityAt ?? alert.createdAt);
  const from = new Date(first - hours);
  const to = new Date(Math.max(first, last) + hours);
  const now = deps.clock.now().getTime();
  const since = (days: number) => new Date(now - days * DAY_MS).toISOString();
  const problems: InvestigationProblem[] = [];
  const part = async <T>(which: InvestigationPart, read: () => Promise<T>, none: T): Promise<T> => {
    try {
      return await read();
    } catch (e) {
      problems.push(isTriageError(e) ? { part: which, code: e.code } : { part: which });
      return none;
    }
  };
  const subject = alert.subject?.id ? alert.subject : undefined;
  const query = subject ? activityQuery(subject.id!, from, to) : undefined;
  const dlpQuery = subject ? dlpEventQuery(subject.id!, from, to) : undefined;
  const [activity, incident, userHistory, file] = await Promise.all([
    query ? part('activity', () => activitySection(deps.activity, query, dlpQuery!), unavailable) : noUser,
    alert.incidentId ? part('incidentAlerts', () => deps.related.alertsOfIncident(alert.incidentId!), []) : [],
    subject ? part('userAlerts', () => deps.related.alertsOfUser(subject, since(90)), []) : [],
    alert.file ? part('fileAlerts', () => deps.related.alertsOfFile(alert.file!, since(30)), []) : [],
  ]);
  const others = (alerts: Alert[]) => alerts.filter((a) => a.id !== alert.id);
  const recent = (a: Alert) => Date.parse(a.createdAt) >= now - 30 * DAY_MS;
  const kql = query ? shownQueries(query, dlpQuery) : '';
  return {
    window: { from: from.toISOString(), to: to.toISOString() },
    activity,
    incident: others(incident),
    user: others(userHistory).filter(recent),
    file: others(file),
    userHistory,
    kql,
    huntingUrl: kql ? advancedHuntingUrl(kql) : '',
    problems,
  };
}

const unavailable: ActivitySection = { kind: 'unavailable', reason: 'failed' };
const noUser: ActivitySection = { kind: 'noUser' };

/** CloudAppEvents and DataSecurityEvents in parallel; the DLP events only add (a failure of theirs adds nothing). */
async function activitySection(source: ActivitySource, query: ActivityQuery, dlpQuery: ActivityQuery) {
  const [cloud, dlp] = await Promise.all([
    source.activityOf(query),
    source.dlpEventsOf(dlpQuery).catch(() => undefined),
  ]);
  const answer = withDlpEvents(cloud, dlp);
  return answer.kind === 'events'
    ? ({ kind: 'events', summary: summarise(answer.events, answer.total) } as const)
    : answer;
}
