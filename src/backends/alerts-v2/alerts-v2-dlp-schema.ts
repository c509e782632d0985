import { z } from 'zod';

/**
 * `additionalData` keys for DLP details. No Microsoft page documents what DLP puts here (unconfirmed,
 * graph-api.md §0.2 and §1.7): these are the keys of the synthesized sample alert there, which the local
 * backend writes; the Graph adapter falls back to the title, description and evidence when they are absent.
 * A value of the wrong type counts as absent and never drops the others.
 */

const optional = <T extends z.ZodTypeAny>(schema: T) =>
  schema
    .nullish()
    .catch(undefined)
    .transform((v) => v ?? undefined);
const text = optional(z.string());
const texts = optional(z.array(z.string()));

export const dlpAdditionalDataSchema = z.looseObject({
  dlpPolicyName: text,
  dlpPolicyId: text,
  dlpRuleName: text,
  workload: text,
  operation: text,
  fileUrl: text,
  siteUrl: text,
  /** People a file was shared with (SharePoint, OneDrive, files in Teams). */
  sharedWith: texts,
  /** `anyone` (an anonymous link), `organization` or `users` (specific people) — the sample's values (unconfirmed). */
  sharingScope: text,
  /** Addressees of a message (Exchange, Teams chats). */
  recipients: texts,
  /** Endpoint DLP: where the file went — one of these, by activity (unconfirmed key names, like every key here). */
  targetDomain: text,
  removableMedia: text,
  printerName: text,
  networkShare: text,
  /** Rule actions as Purview's DLP events name them (`Block`, `BlockWithOverride`, `NotifyUser`, `Audit`, …). */
  actionsTaken: texts,
  userOverride: optional(z.boolean()),
  overrideJustification: text,
  /** The user's department at the time of the event (our own key; Graph's user evidence has none). */
  userDepartment: text,
  /** Our own convention (Graph documents no matched-content field): context snippets of the matches. */
  matchedContent: texts,
  sensitiveInformationTypes: optional(
    z.array(
      z.looseObject({
        name: z.string(),
        count: z.number().int().nonnegative().catch(0),
        confidence: text,
        /** Purview's confidence level: 65 low, 75 medium, 85 high. */
        confidenceLevel: optional(z.number()),
      }),
    ),
  ),
});

export type DlpAdditionalData = z.output<typeof dlpAdditionalDataSchema>;
