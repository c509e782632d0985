import type { Destination, DlpFact, PolicyOutcome } from './dlp-facts.js';

export type { Destination, DlpFact, PolicyAction, PolicyOutcome, SharingScope } from './dlp-facts.js';

/** The domain's view of a Purview DLP alert: what triage needs, independent of the backend's wire shape. */

export const SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number] | 'unknown';

export const STATUSES = ['new', 'inProgress', 'resolved'] as const;
export type Status = (typeof STATUSES)[number] | 'unknown';

export const CLASSIFICATIONS = ['truePositive', 'falsePositive', 'informationalExpectedActivity'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number] | 'unknown';

/** Workloads a DLP policy covers; `Other` keeps an alert from an unknown location routable. */
export const WORKLOADS = ['SharePoint', 'OneDrive', 'Exchange', 'Teams', 'Endpoint', 'Other'] as const;
export type Workload = (typeof WORKLOADS)[number];

/** The person whose activity matched the policy (the user evidence); `id` is the Entra object id. */
export interface SubjectUser {
  id?: string;
  userPrincipalName?: string;
  displayName?: string;
  department?: string;
}

export interface FileRef {
  name: string;
  /** Folder path or URL as the backend reports it. */
  path?: string;
  url?: string;
  sizeBytes?: number;
}

export interface MessageRef {
  subject?: string;
  sender?: string;
  recipients: string[];
}

export interface DeviceRef {
  name: string;
  mdeDeviceId?: string;
  osPlatform?: string;
}

export interface SensitiveInfoMatch {
  name: string;
  count: number;
  /** `high`, `medium` or `low` as Purview names its confidence levels. */
  confidence?: string;
}

export interface AlertComment {
  text: string;
  author: string;
  createdAt: string;
}

export interface Alert {
  id: string;
  title: string;
  description?: string;
  severity: Severity;
  status: Status;
  classification: Classification;
  determination: string;
  /** User principal name, as Graph stores it; undefined when unassigned. */
  assignedTo?: string;
  createdAt: string;
  /** The backend's `lastUpdateDateTime`: also the card version used to detect stale clicks. */
  lastUpdatedAt: string;
  resolvedAt?: string;
  policyName?: string;
  ruleName?: string;
  workload: Workload;
  subject?: SubjectUser;
  file?: FileRef;
  message?: MessageRef;
  device?: DeviceRef;
  sensitiveInfoTypes: SensitiveInfoMatch[];
  /** Matched text around each hit, when the backend provides it; only content viewers may see it, never logs. */
  matchedContent?: string[];
  comments: AlertComment[];
  portalUrl?: string;
  tenantId?: string;
  /** When the activity the alert is about began and ended (Graph's first/lastActivityDateTime). */
  firstActivityAt?: string;
  lastActivityAt?: string;
  /** The incident the alert belongs to (every alert has one in Defender XDR). */
  incidentId?: string;
  incidentUrl?: string;
  /** Which product raised it (Graph's `serviceSource`): `dataLossPrevention` for DLP alerts. */
  source?: string;
  /** Every entity of the alert, as the backend's evidence collection carries them. */
  evidence?: EvidenceItem[];
  /** What the DLP policy did (block, block with override, warn, audit). */
  policyOutcome?: PolicyOutcome;
  /** Where the content went (recipients, external domains, sharing scope, a device target). */
  destination?: Destination;
  /** The triage facts the backend could not provide for this alert (as opposed to facts that do not apply). */
  notProvided?: DlpFact[];
}

/** Kinds of evidence the product names; anything else is `other` (with the backend's type in `name`). */
export const EVIDENCE_KINDS = [
  'user',
  'file',
  'mailbox',
  'message',
  'teamsMessage',
  'device',
  'url',
  'ip',
  'cloudApp',
  'other',
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** One entity of an alert, with what the detection says about it. */
export interface EvidenceItem {
  kind: EvidenceKind;
  /** How the entity is called: a UPN, a file name, a device name, a URL, an address, an app. */
  name: string;
  /** Graph's evidence roles (`policyViolator`, `source`, `destination`, …). */
  roles: string[];
  /** `unknown`, `suspicious`, `malicious`, `noThreatsFound`. */
  verdict?: string;
  remediationStatus?: string;
}

const SEVERITY_RANK: Record<Severity, number> = { unknown: 0, informational: 1, low: 2, medium: 3, high: 4 };

/** Orders severities so routing rules like `severity>=medium` can compare them. */
export function severityRank(severity: Severity): number {
  return SEVERITY_RANK[severity];
}

/** The version a card carries: a click made on an older version is stale. */
export function alertVersion(alert: Alert): string {
  return alert.lastUpdatedAt;
}

/**
 * The alert as every member of a triage channel may see it (the channel card), and all that delivery
 * keeps at rest to draw one: no identity of its user beyond the object id routing needs, no file path
 * or URL, no message, device, sensitive information types or matched content.
 */
export function channelSummary(alert: Alert): Alert {
  return {
    id: alert.id,
    title: alert.title,
    severity: alert.severity,
    status: alert.status,
    classification: alert.classification,
    determination: alert.determination,
    assignedTo: alert.assignedTo,
    createdAt: alert.createdAt,
    lastUpdatedAt: alert.lastUpdatedAt,
    resolvedAt: alert.resolvedAt,
    policyName: alert.policyName,
    ruleName: alert.ruleName,
    workload: alert.workload,
    subject: alert.subject?.id ? { id: alert.subject.id } : undefined,
    file: alert.file ? { name: alert.file.name } : undefined,
    sensitiveInfoTypes: [],
    comments: alert.comments,
    portalUrl: alert.portalUrl,
    tenantId: alert.tenantId,
    // Which incident it is in: channels laid out one thread per incident group by it.
    incidentId: alert.incidentId,
    // What the policy did is no one's identity; the justification is the user's own words, so it stays out.
    policyOutcome: alert.policyOutcome && {
      action: alert.policyOutcome.action,
      overridden: alert.policyOutcome.overridden,
    },
    notProvided: alert.notProvided?.filter((f) => f === 'policyOutcome'),
  };
}
