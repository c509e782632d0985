import { z } from 'zod';
import { alertCommentSchema } from '../alerts-v2/alerts-v2-schema.js';

/**
 * The Graph Security `incidents` resource as it arrives on the wire (and as the local backend stores it,
 * graph-api.md §2 and §8), parsed tolerantly like an alert: what the bot does not strictly need may be missing
 * or null, unknown enum members pass through as strings (the mapper makes them `unknown`).
 */

const nullish = <T extends z.ZodTypeAny>(schema: T) => schema.nullish().transform((v) => v ?? undefined);
const str = nullish(z.string());
const text = (fallback: string) =>
  z
    .string()
    .nullish()
    .transform((v) => v ?? fallback);
/** A tag list: a non-string entry is dropped rather than losing the incident. */
const tags = z
  .array(z.unknown())
  .nullish()
  .transform((v) => (v ?? []).filter((t): t is string => typeof t === 'string'));

export const graphIncidentSchema = z.looseObject({
  id: z.string().min(1),
  displayName: text('(untitled incident)'),
  description: str,
  severity: text('unknown'),
  status: text('unknown'),
  classification: text('unknown'),
  determination: text('unknown'),
  assignedTo: str,
  customTags: tags,
  systemTags: tags,
  incidentWebUrl: str,
  redirectIncidentId: str,
  createdDateTime: z.string(),
  lastUpdateDateTime: z.string(),
  comments: nullish(z.array(alertCommentSchema)),
});

export type ParsedGraphIncident = z.output<typeof graphIncidentSchema>;
