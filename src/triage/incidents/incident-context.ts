import type { AccessService } from '../access/access-service.js';
import type { AlertScope } from '../access/access-decision.js';
import type { Alert, Severity } from '../alert.js';
import type { IncidentStatus, IncidentStore } from './incident.js';

/** What an alert card shows of the alert's incident (values; the card words them). */
export interface IncidentContext {
  id: string;
  name: string;
  /** The incident's alerts anyone who may see this alert may also see (this one included). */
  alertCount: number;
  /** How many of those came from each other product (`microsoftDefenderForEndpoint`: 2), largest first. */
  otherSources: { source: string; count: number }[];
  severity: Severity;
  status: IncidentStatus;
  customTags: string[];
  url?: string;
  /** The incident's version: a card drawn from an older one is redrawn when it changes. */
  version: string;
}

const MAX_CACHED = 500;
const DLP = 'dataLossPrevention';

/**
 * The incident section of alert cards. A card is read by everyone who may see its alert, so the counts
 * take in only the incident's alerts whose scope (their subject's administrative units) is the very
 * scope of this alert: whoever sees this alert may see them, and no count reveals an alert outside a
 * reader's scope. One incident lookup per card; the alert list is read again only when the incident's
 * version moves (kept per incident version, at most 500 incidents).
 */
export class IncidentContexts {
  private readonly cache = new Map<string, { version: string; groups: Map<string, Alert[]> }>();

  constructor(
    private readonly incidents: Pick<IncidentStore, 'get' | 'alertsOf'>,
    private readonly access: Pick<AccessService, 'scopeOf'>,
  ) {}

  /** The section for this alert's card; undefined when the alert names no incident or it cannot be read. */
  async of(alert: Alert): Promise<IncidentContext | undefined> {
    if (!alert.incidentId) return undefined;
    const incident = await this.incidents.get(alert.incidentId);
    if (!incident) return undefined;
    const key = await this.scopeKey(alert);
    let groups = await this.groupsOf(incident.id, incident.lastUpdatedAt);
    // An alert that joined the incident after its list was read: read it again (Defender adds alerts to incidents).
    if (!(groups.get(key) ?? []).some((a) => a.id === alert.id))
      groups = await this.groupsOf(incident.id, incident.lastUpdatedAt, true);
    const same = groups.get(key) ?? [];
    const members = same.some((a) => a.id === alert.id) ? same : [...same, alert];
    return {
      id: incident.id,
      name: incident.displayName,
      alertCount: members.length,
      otherSources: countSources(members.filter((a) => (a.source ?? DLP) !== DLP)),
      severity: incident.severity,
      status: incident.status,
      customTags: incident.customTags,
      url: incident.incidentUrl,
      version: incident.lastUpdatedAt,
    };
  }

  /** The incident's alerts grouped by scope, read once per incident version (or now, when `fresh`). */
  private async groupsOf(id: string, version: string, fresh = false): Promise<Map<string, Alert[]>> {
    const hit = this.cache.get(id);
    if (!fresh && hit?.version === version) return hit.groups;
    const groups = new Map<string, Alert[]>();
    for (const a of await this.incidents.alertsOf(id)) {
      const key = await this.scopeKey(a);
      groups.set(key, [...(groups.get(key) ?? []), a]);
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(id, { version, groups });
    return groups;
  }

  private async scopeKey(alert: Alert): Promise<string> {
    return keyOf(await this.access.scopeOf(alert));
  }
}

/** Two alerts with the same key are covered by exactly the same grants (access-decision.ts `covers`). */
function keyOf(scope: AlertScope): string {
  if (scope === 'unresolved') return 'unresolved';
  return JSON.stringify(scope.units.map((u) => [u.id.toLowerCase(), u.displayName.toLowerCase()]).sort());
}

function countSources(alerts: readonly Alert[]): { source: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(a.source ?? 'unknown', (counts.get(a.source ?? 'unknown') ?? 0) + 1);
  return [...counts].map(([source, count]) => ({ source, count })).sort((a, b) => b.count - a.count);
}
