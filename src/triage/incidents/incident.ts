import type { Alert, AlertComment, Classification, Severity } from '../alert.js';

/**
 * A Defender XDR incident, as the triage domain sees it (Graph's `security/incidents`, graph-api.md §2 and §8).
 * Defender groups every alert into one; analysts manage it (owner, status, classification, custom tags)
 * as much as the alert. `lastUpdatedAt` is the incident's version: a click from an older card is stale.
 */
export const INCIDENT_STATUSES = ['active', 'inProgress', 'resolved'] as const;
/** What the bot may set; Graph also reports `redirected` (merged away) and `awaitingAction` (Defender Experts). */
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number] | 'redirected' | 'awaitingAction' | 'unknown';

export interface Incident {
  id: string;
  displayName: string;
  description?: string;
  severity: Severity;
  status: IncidentStatus;
  classification: Classification;
  determination: string;
  /** User principal name, as Graph stores it; undefined when unassigned. */
  assignedTo?: string;
  /** Set by people (from Teams or the portal); the bot's routes and queue filter on them. */
  customTags: string[];
  /** Set by Defender; shown, never changed. */
  systemTags: string[];
  /** The incident page in the Defender portal (Graph's `incidentWebUrl`). */
  incidentUrl?: string;
  /** Where a merged incident went (status `redirected`). */
  redirectIncidentId?: string;
  createdAt: string;
  /** The backend's `lastUpdateDateTime`: the incident card's version. */
  lastUpdatedAt: string;
  comments: AlertComment[];
}

/** The fields Graph lets a PATCH change (graph-api.md §2); `assignedTo` null unassigns. */
export interface IncidentPatch {
  status?: (typeof INCIDENT_STATUSES)[number];
  classification?: Classification;
  determination?: string;
  assignedTo?: string | null;
  /** The whole new list: Graph replaces the collection. */
  customTags?: string[];
}

/** The backing incident service (Graph `security/incidents`, or the local lowdb file). */
export interface IncidentStore {
  /** The incident, or undefined when it does not exist. */
  get(id: string): Promise<Incident | undefined>;
  /** Every alert of the incident, of every source (DLP and correlated Defender alerts alike), newest first. */
  alertsOf(id: string): Promise<Alert[]>;
  /** Applies the patch and returns the incident as stored afterwards (with its new lastUpdatedAt). */
  update(id: string, patch: IncidentPatch): Promise<Incident>;
  /** Appends a comment and returns the incident afterwards. */
  addComment(id: string, text: string): Promise<Incident>;
}
