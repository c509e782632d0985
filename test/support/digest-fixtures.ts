/** Hand-built alerts and small state-based fakes for digest tests. */
import type { AlertScope } from '../../src/triage/access/access-decision.js';
import type { Alert } from '../../src/triage/alert.js';
import type { ScopedAlert } from '../../src/triage/digest/digest.js';
import type { AlertNotifier, AlertPage, AlertStore, AuditRecord, AuditSink, Notice } from '../../src/triage/ports.js';
import { alertWith } from './alerts.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const EMEA = { id: 'au-emea', displayName: 'EMEA' };
export const APAC = { id: 'au-apac', displayName: 'APAC' };
export const AMER = { id: 'au-amer', displayName: 'Americas' };

let seq = 0;

/** An alert created `ageMs` before `now`, new and unassigned unless told otherwise. */
export function alertAged(now: Date, ageMs: number, extra: Partial<Alert> = {}): Alert {
  const createdAt = new Date(now.getTime() - ageMs).toISOString();
  ++seq;
  return alertWith(`dl-test-${seq}`, {
    title: `Test alert ${seq}`,
    severity: 'medium',
    createdAt,
    lastUpdatedAt: createdAt,
    policyName: 'Policy A',
    ...extra,
  });
}

/** A resolved alert: created `ageMs` ago, resolved `resolvedAgoMs` ago, with a classification. */
export function resolvedAlert(
  now: Date,
  ageMs: number,
  resolvedAgoMs: number,
  classification: Alert['classification'],
  extra: Partial<Alert> = {},
): Alert {
  const resolvedAt = new Date(now.getTime() - resolvedAgoMs).toISOString();
  return alertAged(now, ageMs, { status: 'resolved', classification, resolvedAt, lastUpdatedAt: resolvedAt, ...extra });
}

/** One shared AlertScope object per unit list, as DigestService's reader hands them out. */
const scopes = new Map<string, AlertScope>();
export function inUnits(...units: { id: string; displayName: string }[]): AlertScope {
  const key = units.map((u) => u.id).join(',');
  let scope = scopes.get(key);
  if (!scope) scopes.set(key, (scope = { units }));
  return scope;
}

export const scoped = (alert: Alert, units: AlertScope = inUnits(EMEA)): ScopedAlert => ({ alert, units });

/** The AlertStore read side over a list, paged like the real ones (100 per page, oldest change first). */
export class MemoryAlertStore implements Pick<AlertStore, 'listChangedSince' | 'get'> {
  constructor(public alerts: Alert[] = []) {}

  async listChangedSince(_since: string | undefined, cursor?: string): Promise<AlertPage> {
    const start = cursor ? Number(cursor) : 0;
    const sorted = [...this.alerts].sort(
      (a, b) => a.lastUpdatedAt.localeCompare(b.lastUpdatedAt) || a.id.localeCompare(b.id),
    );
    const page = sorted.slice(start, start + 100);
    return { alerts: page, next: start + 100 < sorted.length ? String(start + 100) : undefined };
  }

  async get(id: string): Promise<Alert | undefined> {
    return this.alerts.find((a) => a.id === id);
  }
}

/** Records what would be sent; `onSend` sees each notice at the moment it is queued. */
export class RecordingNotifier implements Pick<AlertNotifier, 'sendToUser' | 'postToChannel'> {
  readonly sent: { to: string; kind: 'user' | 'channel'; notice: Notice }[] = [];
  onSend?: (to: string) => void;

  async sendToUser(userId: string, notice: Notice): Promise<void> {
    this.onSend?.(userId);
    this.sent.push({ to: userId, kind: 'user', notice });
  }

  async postToChannel(channelId: string, notice: Notice): Promise<void> {
    this.onSend?.(channelId);
    this.sent.push({ to: channelId, kind: 'channel', notice });
  }
}

export class MemoryAudit implements AuditSink {
  readonly records: AuditRecord[] = [];

  async append(record: AuditRecord): Promise<void> {
    this.records.push(record);
  }

  async forAlert(): Promise<(AuditRecord & { at: string })[]> {
    return [];
  }
}
