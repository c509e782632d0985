import { isDlpAlert, mapGraphAlert } from '../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { DLP_SOURCE, isFromSources } from '../../src/triage/alert-sources.js';
import { nextTimestamp } from '../../src/backends/local/next-timestamp.js';
import type { Alert, FileRef, SubjectUser } from '../../src/triage/alert.js';
import { isTimestamp } from '../../src/triage/ids.js';
import type { RelatedAlertSource } from '../../src/triage/investigation/related-alerts.js';
import type { AlertPage, AlertPatch, AlertStore, Clock } from '../../src/triage/ports.js';
import { compareTimestamps } from '../../src/triage/timestamps.js';
import { TriageError } from '../../src/triage/triage-error.js';

/**
 * A Map-backed AlertStore and RelatedAlertSource for domain tests. It holds alerts of every source (its
 * AlertStore reads return those of `sources` only, ALERT_SOURCES: DLP by default) and passes the same
 * contracts as the lowdb and Graph backends (test/contract), so tests written against it cannot drift from
 * the real backends.
 */
export class MemoryAlertStore implements AlertStore, RelatedAlertSource {
  private readonly alerts = new Map<string, Alert>();
  private readonly sources: ReadonlySet<string>;

  constructor(
    raws: readonly unknown[],
    private readonly clock: Clock,
    private readonly pageSize = 10,
    sources: readonly string[] = [DLP_SOURCE],
  ) {
    this.sources = new Set(sources);
    for (const raw of raws) {
      const alert = mapGraphAlert(raw);
      this.alerts.set(alert.id, alert);
    }
  }

  async listChangedSince(since: string | undefined, cursor?: string): Promise<AlertPage> {
    const sorted = [...this.alerts.values()]
      .filter((a) => this.shown(a) && (since === undefined || compareTimestamps(a.lastUpdatedAt, since) >= 0))
      .sort((a, b) => compareTimestamps(a.lastUpdatedAt, b.lastUpdatedAt) || a.id.localeCompare(b.id));
    const start = cursor ? Number(cursor) : 0;
    const page = sorted.slice(start, start + this.pageSize);
    return {
      alerts: structuredClone(page),
      next: start + this.pageSize < sorted.length ? String(start + this.pageSize) : undefined,
    };
  }

  async get(id: string): Promise<Alert | undefined> {
    const a = this.alerts.get(id);
    return a && this.shown(a) ? structuredClone(a) : undefined;
  }

  private shown(alert: Alert): boolean {
    return isFromSources(alert, this.sources);
  }

  async update(id: string, patch: AlertPatch): Promise<Alert> {
    return this.change(id, (a, now) => {
      if (patch.status !== undefined) {
        a.status = patch.status;
        if (patch.status === 'resolved') a.resolvedAt ??= now;
        else a.resolvedAt = undefined;
      }
      if (patch.classification !== undefined) a.classification = patch.classification;
      if (patch.determination !== undefined) a.determination = patch.determination;
      if (patch.assignedTo !== undefined) a.assignedTo = patch.assignedTo ?? undefined;
    });
  }

  async addComment(id: string, text: string): Promise<Alert> {
    return this.change(id, (a, now) => {
      const m = /^(.{1,120}?) \(via Teams\): ([\s\S]*)$/.exec(text);
      a.comments.push(
        m ? { author: m[1]!, text: m[2]!, createdAt: now } : { author: 'DLP Triage', text, createdAt: now },
      );
    });
  }

  async listAssignedTo(userPrincipalName: string): Promise<Alert[]> {
    const upn = userPrincipalName.toLowerCase();
    return [...this.alerts.values()]
      .filter((a) => this.shown(a) && a.assignedTo?.toLowerCase() === upn && a.status !== 'resolved')
      .sort((a, b) => compareTimestamps(b.lastUpdatedAt, a.lastUpdatedAt))
      .map((a) => structuredClone(a));
  }

  async alertsOfIncident(incidentId: string): Promise<Alert[]> {
    return this.newestFirst((a) => a.incidentId === incidentId);
  }

  async alertsOfUser(user: SubjectUser, since: string): Promise<Alert[]> {
    const [id, upn] = [user.id?.toLowerCase(), user.userPrincipalName?.toLowerCase()];
    return this.dlpSince(since, ({ subject: s }) =>
      id && s?.id ? s.id.toLowerCase() === id : !!upn && s?.userPrincipalName?.toLowerCase() === upn,
    );
  }

  async alertsOfFile(file: FileRef, since: string): Promise<Alert[]> {
    const name = file.name.toLowerCase();
    return this.dlpSince(since, (a) => !!a.evidence?.some((e) => e.kind === 'file' && e.name.toLowerCase() === name));
  }

  private dlpSince(since: string, pred: (a: Alert) => boolean): Alert[] {
    if (!isTimestamp(since)) throw new TriageError('invalid', 'Not a date and time.');
    return this.newestFirst((a) => isDlpAlert(a) && compareTimestamps(a.createdAt, since) >= 0 && pred(a));
  }

  private newestFirst(pred: (a: Alert) => boolean): Alert[] {
    return [...this.alerts.values()]
      .filter(pred)
      .sort((a, b) => compareTimestamps(b.createdAt, a.createdAt) || a.id.localeCompare(b.id))
      .map((a) => structuredClone(a));
  }

  private change(id: string, apply: (a: Alert, now: string) => void): Alert {
    const a = this.alerts.get(id);
    if (!a) throw new TriageError('not-found', 'This alert does not exist (any more), or you cannot see it.');
    const now = nextTimestamp(a.lastUpdatedAt, this.clock.now());
    apply(a, now);
    a.lastUpdatedAt = now;
    return structuredClone(a);
  }
}
