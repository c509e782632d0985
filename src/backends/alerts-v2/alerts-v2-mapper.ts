import {
  CLASSIFICATIONS,
  SEVERITIES,
  STATUSES,
  WORKLOADS,
  type Alert,
  type Classification,
  type Severity,
  type Status,
  type Workload,
} from '../../triage/alert.js';
import { isTimestamp } from '../../triage/ids.js';
import { parseViaTeamsComment } from '../../triage/teams-markup.js';
import { dlpFacts, sensitiveTypesOf } from './alerts-v2-dlp-facts.js';
import { evidenceItems } from './alerts-v2-evidence.js';
import { graphAlertSchema, type DlpAdditionalData, type ParsedGraphAlert } from './alerts-v2-schema.js';

export interface MapOptions {
  /**
   * Who the backend records as the author of the comments DLP Triage writes (Graph: the app's display
   * name). Only those comments are credited to the person their "<name> (via Teams): " prefix names;
   * without it, every comment shows the author the backend recorded.
   */
  appDisplayName?: string;
}

/** Turns one `alerts_v2` alert (raw JSON) into the domain alert; throws a ZodError if it is not an alert at all. */
export function mapGraphAlert(raw: unknown, options: MapOptions = {}): Alert {
  return mapParsed(graphAlertSchema.parse(raw), options);
}

function oneOf<T extends string>(values: readonly T[], value: string, fallback: T): T {
  return (values as readonly string[]).includes(value) ? (value as T) : fallback;
}

function mapParsed(a: ParsedGraphAlert, options: MapOptions): Alert {
  const extra: Partial<DlpAdditionalData> = a.additionalData ?? {};
  const evidence = firstEvidence(a);
  const shown = evidenceFields(evidence, extra);
  const { department, ...facts } = dlpFacts(a, extra, shown.subject);
  return {
    id: a.id,
    title: a.title,
    description: a.description,
    severity: oneOf<Severity>(SEVERITIES, a.severity, 'unknown'),
    status: oneOf<Status>(STATUSES, a.status, 'unknown'),
    classification: oneOf<Classification>(CLASSIFICATIONS, a.classification, 'unknown'),
    determination: a.determination,
    assignedTo: a.assignedTo || undefined,
    createdAt: a.createdDateTime,
    lastUpdatedAt: a.lastUpdateDateTime,
    resolvedAt: a.resolvedDateTime,
    firstActivityAt: timestampOrUndefined(a.firstActivityDateTime),
    lastActivityAt: timestampOrUndefined(a.lastActivityDateTime),
    policyName: extra.dlpPolicyName ?? policyFromText(a),
    ruleName: extra.dlpRuleName ?? ruleFromText(a),
    workload: extra.workload
      ? oneOf<Workload>(WORKLOADS, extra.workload, 'Other')
      : guessWorkload(a, !!evidence.device),
    ...shown,
    subject: shown.subject && (department ? { ...shown.subject, department } : shown.subject),
    sensitiveInfoTypes: sensitiveTypesOf(extra),
    matchedContent: extra.matchedContent,
    comments: (a.comments ?? []).map((c) => attributed(c, options.appDisplayName)),
    portalUrl: a.alertWebUrl,
    tenantId: a.tenantId,
    incidentId: a.incidentId,
    incidentUrl: a.incidentWebUrl,
    source: a.serviceSource,
    evidence: evidenceItems(a.evidence ?? []),
    ...facts,
  };
}

/** A timestamp Graph gave, or undefined for anything else: it only narrows the investigation's window. */
const timestampOrUndefined = (value: string | undefined): string | undefined =>
  value !== undefined && isTimestamp(value) ? value : undefined;

/** Graph's `serviceSource` of DLP alerts: the only alerts that become cards. */
export const DLP_SERVICE_SOURCE = 'dataLossPrevention';

/** Whether an alert is a DLP alert (others only appear as related alerts of an investigation). */
export const isDlpAlert = (alert: Pick<Alert, 'source'>): boolean => alert.source === DLP_SERVICE_SOURCE;

/** The first evidence of each kind the domain alert shows, in the fields DLP Triage reads. */
function firstEvidence(a: ParsedGraphAlert) {
  const evidence = a.evidence ?? [];
  const byType = (suffix: string) => evidence.filter((e) => e['@odata.type'] === `#microsoft.graph.security.${suffix}`);
  return {
    user: byType('userEvidence')[0] as { userAccount?: Record<string, string | undefined> } | undefined,
    mailbox: byType('mailboxEvidence')[0] as
      { upn?: string; primaryAddress?: string; displayName?: string } | undefined,
    file: byType('fileEvidence')[0] as
      { fileDetails?: { fileName?: string; filePath?: string; fileSize?: number } } | undefined,
    message: byType('analyzedMessageEvidence')[0] as
      { subject?: string; p1Sender?: { emailAddress?: string }; recipientEmailAddress?: string } | undefined,
    device: byType('deviceEvidence')[0] as
      { deviceDnsName?: string; mdeDeviceId?: string; osPlatform?: string } | undefined,
  };
}

/** Whose alert it is (the user, else the mailbox), the file, the message and its recipients, the device. */
function evidenceFields(
  { user, mailbox, file, message, device }: ReturnType<typeof firstEvidence>,
  extra: Partial<DlpAdditionalData>,
): Pick<Alert, 'subject' | 'file' | 'message' | 'device'> {
  const account = user?.userAccount;
  const recipients = [
    ...(message?.recipientEmailAddress ? [message.recipientEmailAddress] : []),
    ...(extra.sharedWith ?? []),
  ];
  return {
    subject: account
      ? { id: account.azureAdUserId, userPrincipalName: account.userPrincipalName, displayName: account.displayName }
      : mailbox
        ? { userPrincipalName: mailbox.upn ?? mailbox.primaryAddress, displayName: mailbox.displayName }
        : undefined,
    file: file?.fileDetails?.fileName
      ? {
          name: file.fileDetails.fileName,
          path: file.fileDetails.filePath,
          url: extra.fileUrl,
          sizeBytes: file.fileDetails.fileSize,
        }
      : undefined,
    message: message ? { subject: message.subject, sender: message.p1Sender?.emailAddress, recipients } : undefined,
    device: device?.deviceDnsName
      ? { name: device.deviceDnsName, mdeDeviceId: device.mdeDeviceId, osPlatform: device.osPlatform }
      : undefined,
  };
}

/**
 * Without `additionalData.dlpPolicyName` (no DLP field is documented on alerts_v2, graph-api.md §0.2),
 * the policy as DLP alert titles and descriptions are assumed to word it: "DLP policy (<name>) matched …"
 * or "… Policy '<name>' …" (unconfirmed wording). Sensitive information types are not guessed from text:
 * their counts are not in it.
 */
function policyFromText(a: ParsedGraphAlert): string | undefined {
  return (
    /DLP policy \((.{1,200}?)\) matched/.exec(a.title)?.[1] ??
    /\bPolicy '([^']{1,200})'/i.exec(a.description ?? '')?.[1]
  );
}

/** The rule, from "… rule '<name>' …" in the description (unconfirmed wording, like policyFromText). */
function ruleFromText(a: ParsedGraphAlert): string | undefined {
  return /\brule '([^']{1,200})'/i.exec(a.description ?? '')?.[1];
}

/** Without `additionalData.workload` (unconfirmed that Graph sends it), infer the location from the title. */
function guessWorkload(a: ParsedGraphAlert, hasDevice: boolean): Workload {
  if (hasDevice) return 'Endpoint';
  const text = `${a.title} ${a.description ?? ''}`.toLowerCase();
  for (const w of WORKLOADS) if (w !== 'Other' && text.includes(w.toLowerCase())) return w;
  if (text.includes('email') || text.includes('mail')) return 'Exchange';
  return 'Other';
}

/**
 * A comment with its real author. Anyone who can comment in the Defender portal (or any other app) can
 * type "<name> (via Teams): ", so the prefix names the author only on a comment the backend records as
 * written by DLP Triage itself; every other comment keeps the author Graph recorded and its full text.
 * Graph puts "the UPN or app name of the caller" in createdByDisplayName (graph-api.md §1.5); that an
 * app-only caller appears under its app registration's display name, exactly, is not confirmed against a
 * live tenant, hence the configured name (GRAPH_APP_DISPLAY_NAME) and an exact, case-sensitive match:
 * a mismatch shows our comments under the app's name with the prefix, never someone else's as a person's.
 */
export function attributed(
  c: { comment: string; createdByDisplayName: string; createdDateTime: string },
  appDisplayName: string | undefined,
) {
  const app = appDisplayName?.trim();
  const m = app && c.createdByDisplayName.trim() === app ? parseViaTeamsComment(c.comment) : undefined;
  return m
    ? { author: m.author, text: m.text, createdAt: c.createdDateTime }
    : { author: c.createdByDisplayName, text: c.comment, createdAt: c.createdDateTime };
}
