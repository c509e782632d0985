import type { Alert } from '../../src/triage/alert.js';
import type { Incident, IncidentPatch, IncidentStore } from '../../src/triage/incidents/incident.js';

/**
 * A Map-backed IncidentStore for domain tests: every write moves lastUpdatedAt on by a second (a fresh,
 * strictly later version), comments are appended, `alertsOf` answers every alert naming the incident.
 */
export class MemoryIncidentStore implements IncidentStore {
  readonly incidents = new Map<string, Incident>();
  private tick = 0;

  constructor(
    private readonly alerts: () => readonly Alert[],
    private readonly start = new Date('2026-03-10T12:00:00.000Z'),
    ...incidents: Incident[]
  ) {
    for (const i of incidents) this.incidents.set(i.id, i);
  }

  async get(id: string): Promise<Incident | undefined> {
    const found = this.incidents.get(id);
    return found && structuredClone(found);
  }

  async alertsOf(id: string): Promise<Alert[]> {
    return this.alerts()
      .filter((a) => a.incidentId === id)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async update(id: string, patch: IncidentPatch): Promise<Incident> {
    const { assignedTo, ...rest } = patch;
    const now = this.incidents.get(id)!;
    const owner = assignedTo === undefined ? {} : { assignedTo: assignedTo ?? undefined };
    return this.save({ ...now, ...rest, ...owner });
  }

  async addComment(id: string, text: string): Promise<Incident> {
    const now = this.incidents.get(id)!;
    return this.save({ ...now, comments: [...now.comments, { author: 'DLP Triage', text, createdAt: this.stamp() }] });
  }

  private save(incident: Incident): Incident {
    const saved = { ...incident, lastUpdatedAt: this.stamp() };
    this.incidents.set(incident.id, saved);
    return structuredClone(saved);
  }

  private stamp(): string {
    return new Date(this.start.getTime() + ++this.tick * 1000).toISOString();
  }
}

/** An incident as Defender creates one: active, unclassified, untagged. */
export function incidentWith(id: string, extra: Partial<Incident> = {}): Incident {
  return {
    id,
    displayName: `Incident ${id}`,
    severity: 'medium',
    status: 'active',
    classification: 'unknown',
    determination: 'unknown',
    customTags: [],
    systemTags: [],
    createdAt: '2026-03-10T10:00:00.000Z',
    lastUpdatedAt: '2026-03-10T10:00:00.000Z',
    comments: [],
    ...extra,
  };
}
