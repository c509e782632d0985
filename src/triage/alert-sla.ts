import type { Alert } from './alert.js';
import { HOUR_MS, isOpen, slaHoursOf, type SlaHours } from './digest/digest-rules.js';

/** Where an open alert stands against its severity's SLA: time left until it is due, or time past it. */
export type SlaState = { kind: 'due'; ms: number } | { kind: 'past'; ms: number };

/**
 * The SLA state of an alert at `now` (the SLA runs from its creation, as the digest counts breaches);
 * undefined when it has none: resolved, informational or of unknown severity, or with an unreadable date.
 * Exactly at the deadline it is still due (0 ms left), as the digest does not count it as a breach yet.
 */
export function slaStateOf(alert: Alert, now: Date, sla: SlaHours): SlaState | undefined {
  const hours = slaHoursOf(alert.severity, sla);
  const created = Date.parse(alert.createdAt);
  if (hours === undefined || !isOpen(alert) || Number.isNaN(created)) return undefined;
  const left = created + hours * HOUR_MS - now.getTime();
  return left >= 0 ? { kind: 'due', ms: left } : { kind: 'past', ms: -left };
}
