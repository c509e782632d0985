import type { Alert, Classification, Status } from './alert.js';
import type { DigestView } from './digest/digest-view.js';

/** One page of alerts and the cursor of the next page, if any. */
export interface AlertPage {
  alerts: Alert[];
  next?: string;
}

/** The only fields Graph lets us change on an alert (graph-api.md §1.4); `assignedTo` null unassigns. */
export interface AlertPatch {
  status?: Status;
  classification?: Classification;
  determination?: string;
  assignedTo?: string | null;
}

/** The backing alert service (Graph Security API, or the local lowdb file). */
export interface AlertStore {
  /** Applies the patch and returns the alert as stored afterwards (with its new lastUpdatedAt). */
  update(id: string, patch: AlertPatch): Promise<Alert>;
  /** Appends a comment (comments cannot be edited or deleted) and returns the alert afterwards. */
  addComment(id: string, text: string): Promise<Alert>;
  /** Open alerts assigned to a user principal name, newest first. */
  listAssignedTo(userPrincipalName: string): Promise<Alert[]>;
  /** Alerts whose lastUpdatedAt is at or after `since` (all when undefined), oldest first where the backend allows. */
  listChangedSince(since: string | undefined, cursor?: string): Promise<AlertPage>;
  /** The alert, or undefined when it does not exist. */
  get(id: string): Promise<Alert | undefined>;
}

export interface AdministrativeUnit {
  id: string;
  displayName: string;
}

/** Entra directory facts the product needs. Implementations may throw when the directory cannot answer. */
export interface Directory {
  /** Ids of every security group the user is a member of, directly or through nested groups. */
  groupsOf(userId: string): Promise<string[]>;
  /** The administrative units the user is a member of (empty when none or unknown user). */
  administrativeUnitsOf(userId: string): Promise<AdministrativeUnit[]>;
  /** A user by Entra object id or user principal name; undefined when there is none. */
  getUser(idOrUpn: string): Promise<DirectoryUser | undefined>;
  /** Every administrative unit, to resolve names typed in commands. */
  listAdministrativeUnits(): Promise<AdministrativeUnit[]>;
}

/** Time, injectable for tests. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Who an audit record is about: a person (Entra object id and name) or the bot itself. */
export type AuditActor = { id: string; name?: string } | 'system';

/** One audit record: who did (or was refused, or what failed) what, to which alert, and why. */
export interface AuditRecord {
  actor: AuditActor;
  action: string;
  alertId?: string;
  outcome: 'success' | 'denied' | 'failed';
  reason?: string;
  details?: Record<string, unknown>;
}

/** The append-only audit log. */
export interface AuditSink {
  append(record: AuditRecord): Promise<void>;
  /**
   * The latest entries about one alert, oldest first, at most `limit`; a log that cannot be read throws TriageError
   * 'unavailable', never answers "none".
   */
  forAlert(alertId: string, limit?: number): Promise<(AuditRecord & { at: string })[]>;
}

/** A person in the directory. */
export interface DirectoryUser {
  id: string;
  displayName: string;
  userPrincipalName: string;
  accountEnabled?: boolean;
}

/**
 * What a notice shows besides its text, as values: the edge (bot/, cards/) renders it as a card when the
 * message is sent, so the domain and the outbox never hold card JSON.
 */
export type NoticePayload =
  | { kind: 'digest'; view: DigestView }
  /** An alert's card as `forUserId` may see it, drawn when it is sent (nothing of the alert is stored). */
  | { kind: 'alertCard'; alertId: string; forUserId: string }
  /**
   * An alert's summary card (what everyone in a conversation may see), drawn when it is sent; in a team's
   * channel (`channelId`) only while that channel's scope covers the alert, refreshing by itself for the
   * team's (`teamId`) members who may see more.
   */
  | { kind: 'alertSummary'; alertId: string; teamId?: string; channelId?: string };

/** A message the product wants to show in Teams: text with `<at>Name</at>` (teams-markup.ts) for each mention. */
export interface Notice {
  text?: string;
  mentions?: { id: string; name: string }[];
  /** Shown as a card with (or instead of) the text. */
  payload?: NoticePayload;
}

/** How the domain tells people about changes; delivery implements it durably (the outbox). */
export interface AlertNotifier {
  /** The alert changed: its channel card is updated for everyone. */
  alertChanged(alert: Alert): Promise<void>;
  /** A message in the alert's thread. */
  postInThread(alertId: string, notice: Notice): Promise<void>;
  /** A 1:1 message to a user (Entra object id); dropped quietly when the bot cannot reach them. */
  sendToUser(userId: string, notice: Notice): Promise<void>;
  /** A new post (thread) in a triage channel. */
  postToChannel(channelId: string, notice: Notice): Promise<void>;
}
