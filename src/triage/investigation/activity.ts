/**
 * The activity of one user around an alert, as the hunting tables record it (CloudAppEvents columns,
 * graph-api.md §8). A backend answers for one user and one window; it never receives free text.
 */

/** Whose activity, when, and the exact hunting query that asks for it (built by `activityQuery`). */
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

/** One event of the user (a CloudAppEvents row). */
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

/** Where a user's activity is read (advanced hunting on Graph; the seeded activity table locally). */
export interface ActivitySource {
  activityOf(query: ActivityQuery): Promise<ActivityAnswer>;
}
