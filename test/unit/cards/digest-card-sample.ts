/** A busy digest for the card tests: every lead number non-zero, several AUs, classified policies. */
import { buildDigest, type ScopedAlert } from '../../../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../../../src/triage/digest/digest-rules.js';
import type { DigestView } from '../../../src/triage/digest/digest-service.js';
import type { Alert } from '../../../src/triage/alert.js';
import {
  AMER,
  APAC,
  DAY,
  EMEA,
  HOUR,
  alertAged,
  inUnits,
  resolvedAlert,
  scoped,
} from '../../support/digest-fixtures.js';

/** 08:00 in Berlin. */
export const NOW = new Date('2026-03-10T07:00:00.000Z');
const PCI = '*Bold* [PCI](x)';

/**
 * Open: two unassigned high (one past its 4 h SLA), an unassigned low, an assigned medium past its 24 h
 * SLA, and the oldest (informational, 9 d 4 h); resolved: a false positive 2 h ago, a true positive 2 d ago.
 */
export function digestSample(): { alerts: ScopedAlert[]; oldest: Alert } {
  const assigned = alertAged(NOW, 2 * DAY, {
    severity: 'medium',
    assignedTo: 'emma.analyst@contoso.example',
    status: 'inProgress',
    policyName: PCI,
  });
  assigned.comments = [
    {
      author: 'Sam',
      text: 'assigned the alert to Emma Analyst',
      createdAt: new Date(Date.parse(assigned.createdAt) + 90 * 60_000).toISOString(),
    },
  ];
  const oldest = alertAged(NOW, 9 * DAY + 4 * HOUR, {
    severity: 'informational',
    status: 'inProgress',
    assignedTo: 'sam@contoso.example',
    title: 'DLP policy match for document Payroll-2026.xlsx',
    policyName: 'Oldest *open* policy',
  });
  const alerts = [
    scoped(alertAged(NOW, HOUR, { severity: 'high' }), inUnits(EMEA)),
    scoped(alertAged(NOW, 5 * HOUR, { severity: 'high' }), inUnits(EMEA)),
    scoped(alertAged(NOW, 30 * HOUR, { severity: 'low' }), inUnits(APAC)),
    scoped(assigned, inUnits(EMEA)),
    scoped(resolvedAlert(NOW, 10 * HOUR, 2 * HOUR, 'falsePositive', { policyName: PCI }), inUnits(APAC)),
    scoped(oldest, inUnits(AMER)),
    scoped(resolvedAlert(NOW, 3 * DAY, 2 * DAY, 'truePositive', { policyName: 'GDPR' }), inUnits(EMEA)),
  ];
  return { alerts, oldest };
}

/** The view of `alerts` for an unrestricted reader in Berlin. */
export function view(alerts: ScopedAlert[], extra: Partial<DigestView> = {}): DigestView {
  return {
    digest: buildDigest(alerts, NOW, 'Europe/Berlin', { kind: 'unrestricted' }, DEFAULT_SLA_HOURS),
    scopeLabel: 'all administrative units',
    scope: { kind: 'all' },
    assigneeNames: { 'emma.analyst@contoso.example': 'Emma Analyst' },
    defenderUrl: 'https://security.microsoft.com/alerts?tid=t1',
    sla: DEFAULT_SLA_HOURS,
    ...extra,
  };
}

export { leadRows } from '../../support/digest-lead-rows.js';
