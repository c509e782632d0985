import { z } from 'zod';
import { graphAlertSchema } from '../alerts-v2/alerts-v2-schema.js';

/**
 * The local backend's lowdb file: alerts in the Graph `alerts_v2` wire shape (DLP alerts, and the
 * correlated alerts of other products their incidents hold), the incidents, the users' activity as the
 * CloudAppEvents hunting table has it, the DLP events of some of it as DataSecurityEvents has them, and a
 * small Entra-like directory (users, security groups,
 * administrative units). Read back through this schema so a hand edit that breaks the file stops start-up
 * with the path of the bad entry instead of corrupting state.
 */

const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'is not a date and time');
const optionalText = z.string().nullish();

export const localUserSchema = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  userPrincipalName: z.string(),
  mail: z.string().optional(),
  jobTitle: z.string().optional(),
  department: z.string().optional(),
  accountEnabled: z.boolean().default(true),
});

export const localGroupSchema = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  /** User ids or nested group ids. */
  members: z.array(z.string()),
});

export const localAdministrativeUnitSchema = z.object({
  id: z.string().min(1),
  displayName: z.string(),
  /** User ids (AUs here hold users only). */
  members: z.array(z.string()),
});

/** One CloudAppEvents row (advanced hunting's column names), one event of one user. */
export const localActivitySchema = z.looseObject({
  Timestamp: timestamp,
  ActionType: z.string().min(1),
  Application: optionalText,
  /** The user's Entra object id. */
  AccountObjectId: z.string().min(1),
  AccountDisplayName: optionalText,
  ObjectName: optionalText,
  ObjectType: optionalText,
  IPAddress: optionalText,
  /** ISO 3166 alpha-2. */
  CountryCode: optionalText,
  ISP: optionalText,
  /** The columns whose value was unusual for the user (empty when nothing was). */
  UncommonForUser: z.array(z.string()).default([]),
});

/**
 * One DataSecurityEvents row (advanced hunting's column names, Microsoft's reference): a user's activity that
 * matched a DLP policy, as Insider Risk Management shares it with Defender. The JSON of the two match-info columns is
 * not documented (the seed writes `PolicyName`/`PolicyId`, `RuleName`/`RuleId`, as third-party queries read them);
 * SensitiveInfoTypeInfo holds info type ids, counts and confidence, never what matched.
 */
export const localDataSecurityEventSchema = z.looseObject({
  Timestamp: timestamp,
  ActionType: z.string().min(1),
  /** The user's Entra object id. */
  AccountObjectId: z.string().min(1),
  AccountUpn: optionalText,
  /** The Microsoft 365 service: SharePoint, OneDrive, Exchange, Teams, Endpoint (values unconfirmed). */
  Workload: optionalText,
  ObjectName: optionalText,
  ObjectType: optionalText,
  IPAddress: optionalText,
  /** JSON array of the matched DLP policies; empty on a row that matched none (an Insider Risk row). */
  DlpPolicyMatchInfo: optionalText,
  DlpPolicyRuleMatchInfo: optionalText,
  /** 0 none, 1 audit, 2 warn, 3 warn and bypass, 4 block, 5 allow. */
  DlpPolicyEnforcementMode: z.number().int().min(0).max(5).nullish(),
  SensitiveInfoTypeInfo: z.array(z.string()).default([]),
  SensitivityLabelId: optionalText,
  SiteUrl: optionalText,
  TargetUrlDomain: optionalText,
});

/** A comment on an incident, as Graph's alertComment. */
export const localIncidentCommentSchema = z.looseObject({
  comment: z.string(),
  createdByDisplayName: z.string(),
  createdDateTime: timestamp,
});

/** A Defender XDR incident (the fields of Graph's `security/incidents` the bot and the emulator read). */
export const localIncidentSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string(),
  incidentWebUrl: optionalText,
  severity: z.string(),
  status: z.string(),
  createdDateTime: timestamp,
  lastUpdateDateTime: timestamp,
  // What analysts manage (issue 13): optional, so a file written before they were seeded still loads.
  description: optionalText,
  assignedTo: optionalText,
  classification: optionalText,
  determination: optionalText,
  customTags: z.array(z.string()).optional(),
  systemTags: z.array(z.string()).optional(),
  comments: z.array(localIncidentCommentSchema).optional(),
});

export const localTenantSchema = z.object({
  schemaVersion: z.literal(1),
  tenantId: z.string(),
  /** Raw alerts: validated one by one (graphAlertSchema) so one bad alert names its index. */
  alerts: z.array(z.unknown()),
  /** Absent in a file written before incidents were seeded: the alerts still name theirs. */
  incidents: z.array(localIncidentSchema).optional(),
  /** Absent: this tenant does not record activity (not the same as "no activity"). */
  activity: z.array(localActivitySchema).optional(),
  /**
   * Absent (as in files written before it was seeded): Insider Risk Management does not share with Defender, so
   * there are no DLP events to add to the activity.
   */
  dataSecurityEvents: z.array(localDataSecurityEventSchema).optional(),
  directory: z.object({
    users: z.array(localUserSchema),
    groups: z.array(localGroupSchema),
    administrativeUnits: z.array(localAdministrativeUnitSchema),
  }),
});

export type LocalTenant = z.infer<typeof localTenantSchema>;
export type LocalUser = z.infer<typeof localUserSchema>;
export type LocalGroup = z.infer<typeof localGroupSchema>;
export type LocalAdministrativeUnit = z.infer<typeof localAdministrativeUnitSchema>;
export type LocalActivityRow = z.infer<typeof localActivitySchema>;
export type LocalDataSecurityEventRow = z.infer<typeof localDataSecurityEventSchema>;
export type LocalIncident = z.infer<typeof localIncidentSchema>;

/** Validates every alert of a parsed tenant file; the error message names the first bad alert's index. */
export function validateLocalAlerts(tenant: LocalTenant): void {
  tenant.alerts.forEach((raw, index) => {
    const result = graphAlertSchema.safeParse(raw);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new Error(`alerts[${index}]${issue?.path.length ? '.' + issue.path.join('.') : ''}: ${issue?.message}`);
    }
  });
}
