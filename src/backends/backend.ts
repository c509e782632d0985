import type { Logger } from '../logger.js';
import type { AccessPolicyFileContent } from '../state/file/access-policy-file.js';
import type { IncidentStore } from '../triage/incidents/incident.js';
import type { AlertStore, Clock, Directory } from '../triage/ports.js';
import type { ActivitySource } from '../triage/investigation/activity.js';
import type { RelatedAlertSource } from '../triage/investigation/related-alerts.js';
import type { Remediator } from '../triage/remediation/remediator.js';

/** What the app gives every backend when it opens one. */
export interface BackendEnv {
  /** DATA_DIR, resolved and private: where a backend keeps its own files. */
  dataDir: string;
  clock: Clock;
  log: Logger;
}

/**
 * One alert backend (ALERT_BACKEND): the ports it implements, and its life cycle. Opening builds the
 * adapters; `start()` does what must succeed before the bot serves anyone (start-up checks) and starts
 * what runs in the background; `stop()` ends it.
 */
export interface Backend {
  readonly alerts: AlertStore;
  /** Defender XDR incidents: read, their alerts of every source, and the analysts' changes. */
  readonly incidents: IncidentStore;
  /** Uncached: the app wraps it in CachedDirectory. */
  readonly directory: Directory;
  readonly remediator: Remediator;
  /** The users' activity around alerts (advanced hunting, or the seeded activity table). */
  readonly activity: ActivitySource;
  /** Alerts related to an alert: of its incident, its user, its file. */
  readonly related: RelatedAlertSource;
  /**
   * The policy to write to `<DATA_DIR>/access-policy.json` when that file does not exist yet (never over
   * an existing one); absent where no policy can be guessed (a real tenant).
   */
  readonly demoAccessPolicy?: AccessPolicyFileContent;
  /** Throws, with a message for the admin, when the bot cannot work with this backend. */
  start(): Promise<void>;
  stop(): Promise<void>;
}
