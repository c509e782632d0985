/** An investigation for the card tests: activity with a DLP-relevant event, related alerts, history and evidence. */
import type { ActivityEvent } from '../../../src/triage/investigation/activity.js';
import {
  activityQuery,
  advancedHuntingUrl,
  dlpEventQuery,
  shownQueries,
} from '../../../src/triage/investigation/hunting-query.js';
import { summarise, type Investigation } from '../../../src/triage/investigation/investigation.js';
import { alertWith } from '../../support/alerts.js';

export const USER = 'a0000000-0000-4000-8000-000000000009';
export const LONG_FILE = 'Customer-Cardholder-Data-Export-2026-09-30-FINAL-v7-reviewed-by-finance-and-legal.xlsx';
export const alert = alertWith('dl-inv-1', {
  title: 'DLP policy (PCI) matched for document (q3.xlsx) in OneDrive',
  subject: { id: USER, displayName: 'Priya [Finance]', userPrincipalName: 'priya@contoso.example' },
  file: { name: 'q3.xlsx' },
  incidentId: 'inc-7',
  evidence: [
    { kind: 'user', name: 'priya@contoso.example', roles: ['policyViolator'], verdict: 'suspicious' },
    { kind: 'file', name: LONG_FILE, roles: ['source'] },
    { kind: 'cloudApp', name: 'Microsoft OneDrive for Business', roles: ['contextual'] },
  ],
});
export const at = (m: number) => new Date(Date.parse('2026-03-10T10:00:00Z') + m * 60_000).toISOString();
export const events: ActivityEvent[] = [
  {
    at: at(1),
    actionType: 'FileDownloaded',
    application: 'Microsoft OneDrive for Business',
    objectName: LONG_FILE,
    countryCode: 'DE',
    ipAddress: '198.51.100.7',
    uncommonForUser: false,
  },
  {
    at: at(5),
    actionType: 'AnonymousLinkCreated',
    application: 'Microsoft OneDrive for Business',
    objectName: '[click](https://evil.example)',
    countryCode: 'BR',
    uncommonForUser: true,
  },
];
const query = activityQuery(USER, new Date('2026-03-10T08:00:00Z'), new Date('2026-03-10T13:00:00Z'));
export const kql = shownQueries(query, dlpEventQuery(USER, new Date(query.from), new Date(query.to)));

/** The sample investigation, with `extra` replacing parts of it. */
export const investigation = (extra: Partial<Investigation> = {}): Investigation => ({
  alert,
  window: { from: query.from, to: query.to },
  activity: { kind: 'events', summary: summarise(events, 2) },
  related: {
    incident: [
      alertWith('mde-1', {
        title: 'Suspicious file copy to USB',
        source: 'microsoftDefenderForEndpoint',
        severity: 'medium',
      }),
    ],
    user: [alertWith('dl-old', { classification: 'falsePositive', determination: 'notMalicious' })],
    file: [],
  },
  history: {
    last30Days: 1,
    last90Days: 3,
    truePositive: 0,
    falsePositive: 2,
    informational: 0,
    latest: { classification: 'falsePositive', determination: 'notMalicious', at: '2026-02-01T10:00:00Z' },
  },
  evidence: alert.evidence!,
  kql,
  huntingUrl: advancedHuntingUrl(kql),
  problems: [],
  ...extra,
});
