/**
 * The activity of one user around an alert, as the hunting tables record it (CloudAppEvents columns, and
 * the DLP events of DataSecurityEvents; graph-api.md §8). A backend answers for one user and one window;
 * it never receives free text.
 */

/** Whose activity, when, and the exact hunting query that asks for it (built by `activityQuery` or `dlpEventQuery`). */
export interface ActivityQuery {
  /** Entra object id (a GUID, checked before the query is built). */
  userId: string;
  /** ISO 8601, inclusive. */
  from: string;
  /** ISO 8601, inclusive. */
  to: string;
  /** The KQL a Defender backend runs, and the card shows; built from the fields above only. */
  kql: string;
}

/**
 * How DLP enforced the matched policy (DataSecurityEvents' DlpPolicyEnforcementMode: 0 none, 1 audit, 2 warn,
 * 3 warn and bypass, 4 block, 5 allow); `unknown` when the row has no such number.
 */
export type DlpEnforcement = 'none' | 'audit' | 'warn' | 'warnOverridden' | 'block' | 'allow' | 'unknown';

/** One event of the user (a CloudAppEvents row, or a DLP event of DataSecurityEvents). */
export interface ActivityEvent {
  /** ISO 8601. */
  at: string;
  /** e.g. `FileDownloaded`, `AnonymousLinkCreated`, `DlpRuleMatch`, `Send`. */
  actionType: string;
  /** e.g. `Microsoft SharePoint Online`, `Microsoft Exchange Online`. */
  application?: string;
  /** What was acted on: a file name, a URL, a recipient. */
  objectName?: string;
  objectType?: string;
  ipAddress?: string;
  /** ISO 3166 alpha-2. */
  countryCode?: string;
  /** The data says this was unusual for the user (`UncommonForUser` not empty). */
  uncommonForUser: boolean;
  /**
   * Set only on a DLP event of DataSecurityEvents, which is how an event says where it came from: how DLP
   * enforced the policy. CloudAppEvents rows (their DlpRuleMatch too) leave it unset.
   */
  dlpEnforcement?: DlpEnforcement;
}

/** The largest number of events a backend returns for one query; `total` still counts them all. */
export const MAX_ACTIVITY_EVENTS = 500;

/**
 * What a backend can say about a user's activity: the events (at most MAX_ACTIVITY_EVENTS, `total`
 * counts all); that the tenant does not record this activity at all (CloudAppEvents is empty unless
 * Microsoft 365 is connected to Defender for Cloud Apps) — which is not the same as "no activity"; or
 * that the query could not be answered now.
 */
export type ActivityAnswer =
  | { kind: 'events'; events: ActivityEvent[]; total: number }
  | { kind: 'notRecorded' }
  | { kind: 'unavailable'; reason: 'timeout' | 'throttled' | 'failed'; retryAfterSeconds?: number };

/** A user's DLP events (at most MAX_ACTIVITY_EVENTS, `total` counts all); none is all a failure can say. */
export interface DlpEventAnswer {
  events: ActivityEvent[];
  total: number;
}

/** Where a user's activity is read (advanced hunting on Graph; the seeded activity tables locally). */
export interface ActivitySource {
  /** The CloudAppEvents activity, for a query built by `activityQuery`. */
  activityOf(query: ActivityQuery): Promise<ActivityAnswer>;
  /**
   * The DLP events of DataSecurityEvents, for a query built by `dlpEventQuery`. They only ever add to the
   * activity: a tenant that does not record them, or a query that fails, answers none (the backend logs why).
   */
  dlpEventsOf(query: ActivityQuery): Promise<DlpEventAnswer>;
}
