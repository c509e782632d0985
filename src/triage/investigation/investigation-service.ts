import type { AccessService, Requester } from '../access/access-service.js';
import type { Alert } from '../alert.js';
import { findAlert } from '../alert-lookup.js';
import type { AlertStore, AuditSink, Clock } from '../ports.js';
import type { ActivitySource } from './activity.js';
import { gatherInvestigation, type Gathered } from './gather.js';
import { historyOf, type Investigation } from './investigation.js';
import type { RelatedAlertSource } from './related-alerts.js';

export interface InvestigationDeps {
  alerts: Pick<AlertStore, 'get'>;
  access: Pick<AccessService, 'authorize' | 'can'>;
  activity: ActivitySource;
  related: RelatedAlertSource;
  audit: Pick<AuditSink, 'append'>;
  clock: Clock;
  /** Hours of activity before the alert's first activity and after its last (INVESTIGATION_WINDOW_HOURS). */
  windowHours: number;
  /** How long what was gathered for an alert is reused (INVESTIGATION_CACHE_MINUTES). */
  cacheMs: number;
}

/** Gathered investigations kept at once; the oldest goes first. */
const CACHED = 200;

/**
 * Investigating an alert: the activity of its user around it, its related alerts, the user's history,
 * its evidence and the hunting query. What is gathered is kept per alert for a few minutes (a retry or
 * a second analyst gets it at once; an answer that could not be had is not kept), and is then limited to
 * what the requester may see: related alerts outside their scope are left out without a trace. Every
 * investigation is audited: who looked at whose activity, for which alert.
 */
export class InvestigationService {
  private readonly cache = new Map<string, { at: number; gathered: Promise<Gathered> }>();

  constructor(private readonly deps: InvestigationDeps) {}

  async investigate(requester: Requester, alertId: string): Promise<Investigation> {
    const alert = await findAlert(this.deps.alerts, alertId);
    await this.deps.access.authorize(requester, 'alert.investigate', alert);
    const gathered = await this.gathered(alert);
    const visible = async (alerts: readonly Alert[]) => {
      const checks = await Promise.all(alerts.map((a) => this.deps.access.can(requester.id, 'alert.view', a)));
      return alerts.filter((_, i) => checks[i]);
    };
    const [incident, user, file, userHistory] = await Promise.all([
      visible(gathered.incident),
      visible(gathered.user),
      visible(gathered.file),
      visible(gathered.userHistory),
    ]);
    await this.deps.audit.append({
      actor: { id: requester.id, name: requester.name },
      action: 'alert.investigate',
      alertId: alert.id,
      outcome: 'success',
      details: { subject: alert.subject?.id, from: gathered.window.from, to: gathered.window.to },
    });
    return {
      alert,
      window: gathered.window,
      activity: gathered.activity,
      related: { incident, user, file },
      history: alert.subject ? historyOf(alert, userHistory, this.deps.clock.now()) : undefined,
      evidence: alert.evidence ?? [],
      kql: gathered.kql,
      huntingUrl: gathered.huntingUrl,
      problems: gathered.problems,
    };
  }

  /** What was gathered for this version of the alert, reused while fresh. */
  private gathered(alert: Alert): Promise<Gathered> {
    const key = `${alert.id}\u0000${alert.lastUpdatedAt}`;
    const now = this.deps.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.deps.cacheMs) return hit.gathered;
    const gathered = gatherInvestigation(alert, this.deps);
    this.cache.set(key, { at: now, gathered });
    // Not kept when it failed or the activity could not be had: a retry asks again.
    gathered.then(
      (g) => g.activity.kind === 'unavailable' && this.forget(key, gathered),
      () => this.forget(key, gathered),
    );
    while (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
    return gathered;
  }

  private forget(key: string, gathered: Promise<Gathered>): void {
    if (this.cache.get(key)?.gathered === gathered) this.cache.delete(key);
  }
}
