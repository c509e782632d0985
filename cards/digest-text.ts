import type { SlaHours } from '../src/triage/digest/digest-rules.js';

/**
 * The digest card's wording, one entry per label so the message catalogue can take them over one by one.
 * Values passed in are already escaped or are numbers.
 */
export const DIGEST_TEXT = {
  pastSla: 'past SLA',
  slaHours: (sla: SlaHours) => `SLA: high ${sla.high} h, medium ${sla.medium} h, low ${sla.low} h`,
  showPastSla: 'Show past SLA',
  unassignedHigh: 'unassigned high',
  unassignedHighNote: 'High severity, open, nobody assigned',
  showUnassignedHigh: 'Show unassigned high',
  oldestOpen: 'oldest open',
  openOldest: 'Open oldest',
  nothingOpen: 'Nothing is open.',
  quietDay: 'A quiet day: no new DLP alerts and none resolved in the last 24 hours.',
  openTitle: (n: number) => `Open: ${n}`,
  statusNew: 'New',
  statusInProgress: 'In progress',
  statusOther: 'Other status',
  bySeverityTitle: 'Open alerts by severity',
  severityColumn: 'Severity',
  openColumn: 'Open',
  unassigned: 'Unassigned',
  newLast24h: (n: number, delta: string) => `New in the last 24 hours: ${n} (${delta} vs the 24 hours before)`,
  resolvedLast24h: (n: number) => `Resolved in the last 24 hours: ${n}`,
  resolvedSplit: (n: { truePositive: number; falsePositive: number; informational: number; unclassified: number }) =>
    [
      `${n.truePositive} true positive`,
      `${n.falsePositive} false positive`,
      `${n.informational} informational`,
      ...(n.unclassified ? [`${n.unclassified} unclassified`] : []),
    ].join(', '),
  weekTitle: 'Last 7 days',
  trendTitle: 'New and resolved per day',
  trendNote: (time: string, zone: string) => `Each day is the 24 hours up to ${time} ${zone}.`,
  dayColumn: 'Day',
  newColumn: 'New',
  resolvedColumn: 'Resolved',
  alertsAxis: 'Alerts',
  policiesTitle: 'Top policies (alerts of the last 7 days)',
  fpRateTitle: 'False-positive rate per policy (%)',
  policyColumn: 'Policy',
  alertsColumn: 'Alerts',
  fpRateColumn: 'False positive',
  fpRate: (percent: number, classified: number) => `${percent} % of ${classified}`,
  notClassified: 'none classified',
  noPolicies: 'No alerts in the last 7 days.',
  showUnassigned: 'Show unassigned',
  openInDefender: 'Open in Defender',
} as const;
