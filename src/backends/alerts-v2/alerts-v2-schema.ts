import { z } from 'zod';
import { dlpAdditionalDataSchema } from './alerts-v2-dlp-schema.js';

export { dlpAdditionalDataSchema, type DlpAdditionalData } from './alerts-v2-dlp-schema.js';

/**
 * The Graph Security `alerts_v2` alert as it arrives on the wire (and as the local backend stores it),
 * parsed tolerantly: every field we do not strictly need may be missing or null, unknown enum members
 * pass through as strings, and unknown properties are kept so nothing is lost on a read-modify-write.
 */

const nullish = <T extends z.ZodTypeAny>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const str = nullish(z.string());

export const userAccountSchema = z.looseObject({
  accountName: str,
  azureAdUserId: str,
  displayName: str,
  domainName: str,
  userPrincipalName: str,
  userSid: str,
});

const evidenceBase = {
  createdDateTime: str,
  verdict: str,
  remediationStatus: str,
  roles: nullish(z.array(z.string())),
  detailedRoles: nullish(z.array(z.string())),
};

export const userEvidenceSchema = z.looseObject({
  '@odata.type': z.literal('#microsoft.graph.security.userEvidence'),
  ...evidenceBase,
  userAccount: nullish(userAccountSchema),
});

export const fileEvidenceSchema = z.looseObject({
  '@odata.type': z.literal('#microsoft.graph.security.fileEvidence'),
  ...evidenceBase,
  detectionStatus: str,
  mdeDeviceId: str,
  fileDetails: nullish(
    z.looseObject({
      fileName: str,
      filePath: str,
      fileSize: nullish(z.number()),
      sha256: str,
    }),
  ),
});

export const mailboxEvidenceSchema = z.looseObject({
  '@odata.type': z.literal('#microsoft.graph.security.mailboxEvidence'),
  ...evidenceBase,
  displayName: str,
  primaryAddress: str,
  upn: str,
  userAccount: nullish(userAccountSchema),
});

export const analyzedMessageEvidenceSchema = z.looseObject({
  '@odata.type': z.literal('#microsoft.graph.security.analyzedMessageEvidence'),
  ...evidenceBase,
  subject: str,
  p1Sender: nullish(z.looseObject({ emailAddress: str, displayName: str })),
  recipientEmailAddress: str,
  networkMessageId: str,
});

export const deviceEvidenceSchema = z.looseObject({
  '@odata.type': z.literal('#microsoft.graph.security.deviceEvidence'),
  ...evidenceBase,
  mdeDeviceId: str,
  azureAdDeviceId: str,
  deviceDnsName: str,
  osPlatform: str,
});

/** Any other evidence type is kept but not interpreted. */
export const otherEvidenceSchema = z.looseObject({ '@odata.type': z.string() });

export const evidenceSchema = z.union([
  userEvidenceSchema,
  fileEvidenceSchema,
  mailboxEvidenceSchema,
  analyzedMessageEvidenceSchema,
  deviceEvidenceSchema,
  otherEvidenceSchema,
]);

export const alertCommentSchema = z.looseObject({
  comment: z
    .string()
    .nullish()
    .transform((v) => v ?? ''),
  createdByDisplayName: z
    .string()
    .nullish()
    .transform((v) => v ?? 'unknown'),
  createdDateTime: z.string(),
});

export const graphAlertSchema = z.looseObject({
  id: z.string().min(1),
  title: z
    .string()
    .nullish()
    .transform((v) => v ?? '(untitled alert)'),
  description: str,
  status: z
    .string()
    .nullish()
    .transform((v) => v ?? 'unknown'),
  severity: z
    .string()
    .nullish()
    .transform((v) => v ?? 'unknown'),
  classification: z
    .string()
    .nullish()
    .transform((v) => v ?? 'unknown'),
  determination: z
    .string()
    .nullish()
    .transform((v) => v ?? 'unknown'),
  serviceSource: str,
  incidentId: str,
  incidentWebUrl: str,
  assignedTo: str,
  alertWebUrl: str,
  tenantId: str,
  createdDateTime: z.string(),
  lastUpdateDateTime: z.string(),
  resolvedDateTime: str,
  // The span of the activity that raised the alert: the investigation looks around it. A value that is not a
  // timestamp is dropped (the investigation then falls back to createdDateTime) rather than losing the alert.
  firstActivityDateTime: str.catch(undefined),
  lastActivityDateTime: str.catch(undefined),
  comments: nullish(z.array(alertCommentSchema)),
  evidence: nullish(z.array(evidenceSchema)),
  // A malformed additionalData must not drop the alert: it only loses its DLP details.
  additionalData: dlpAdditionalDataSchema
    .nullish()
    .catch(undefined)
    .transform((v) => v ?? undefined),
});

export type GraphAlert = z.input<typeof graphAlertSchema>;
export type ParsedGraphAlert = z.output<typeof graphAlertSchema>;
