import { severityRank, type Alert } from '../alert.js';
import { breachesSla, isOpen, slaHoursOf, HOUR_MS, type SlaHours } from './digest-rules.js';

/** The lists behind a digest's buttons. */
export type DigestList = 'unassigned' | 'unassignedHigh' | 'slaBreaches';

/**
 * One list over alerts the reader may see: unassigned open ones by severity (highest first) then age
 * (oldest first), unassigned open high-severity ones oldest first, or SLA breaches most overdue first.
 */
export function digestList(which: DigestList, visible: readonly Alert[], nowMs: number, sla: SlaHours): Alert[] {
  if (which === 'unassignedHigh') {
    return visible
      .filter((a) => isOpen(a) && !a.assignedTo && a.severity === 'high')
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  }
  if (which === 'unassigned') {
    return visible
      .filter((a) => isOpen(a) && !a.assignedTo)
      .sort(
        (a, b) =>
          severityRank(b.severity) - severityRank(a.severity) || Date.parse(a.createdAt) - Date.parse(b.createdAt),
      );
  }
  const overdue = (a: Alert) => nowMs - Date.parse(a.createdAt) - (slaHoursOf(a.severity, sla) ?? 0) * HOUR_MS;
  return visible.filter((a) => breachesSla(a, nowMs, sla)).sort((a, b) => overdue(b) - overdue(a));
}
