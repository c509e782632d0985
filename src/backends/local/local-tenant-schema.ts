import { z } from 'zod';
import { graphAlertSchema } from '../alerts-v2/alerts-v2-schema.js';

/**
 * The local backend's lowdb file: DLP alerts in the Graph `alerts_v2` wire shape plus a small Entra-like
 * directory (users, security groups, administrative units). Read back through this schema so a hand edit
 * that breaks the file stops start-up with the path of the bad entry instead of corrupting state.
 */

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

export const localTenantSchema = z.object({
  schemaVersion: z.literal(1),
  tenantId: z.string(),
  /** Raw alerts: validated one by one (graphAlertSchema) so one bad alert names its index. */
  alerts: z.array(z.unknown()),
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
