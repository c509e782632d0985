import { z } from 'zod';
import { emptyToUndefined, int, optionalString } from './config-values.js';

/*
 * The configuration's cross-key rules. Each is a schema of its own so that its problems are reported
 * together with every other bad key: zod skips an object's refinements while one of its fields is invalid.
 */

/**
 * Cross-key rules of the bot credentials, checked on their own so that they are reported together with
 * any other bad key (zod skips refinements of an object while one of its fields is invalid).
 */
const credentials = z
  .object({
    MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().optional()),
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().optional()),
    MicrosoftAppType: z.preprocess(emptyToUndefined, z.string().default('SingleTenant')),
    SHARE_LINK_SECRET: optionalString,
  })
  .superRefine((c, ctx) => {
    if (!c.MicrosoftAppId) return;
    if (!c.SHARE_LINK_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['SHARE_LINK_SECRET'],
        message: 'is required when MicrosoftAppId is set (a random string of 32+ characters)',
      });
    }
    const needsTenant = c.MicrosoftAppType !== 'MultiTenant';
    if (needsTenant && !c.MicrosoftAppTenantId) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppTenantId'],
        message: `is required when MicrosoftAppType is ${c.MicrosoftAppType}`,
      });
    }
    if (c.MicrosoftAppType === 'UserAssignedMSI' && c.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'must be empty for UserAssignedMSI' });
    }
    if (c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
      ctx.addIssue({
        code: 'custom',
        path: ['MicrosoftAppPassword'],
        message: `is required when MicrosoftAppId is set (${c.MicrosoftAppType})`,
      });
    }
  });

/** Which `@azure/identity` credential the Graph backend uses (exactly one must be configured). */
const CREDENTIAL_KEYS = [
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_USE_MANAGED_IDENTITY',
  'AZURE_FEDERATED_TOKEN_FILE',
] as const;

/** Cross-key rules of the Graph backend, reported together with every other problem (like `credentials`). */
const graphSettings = z
  .object({
    ALERT_BACKEND: z.preprocess(emptyToUndefined, z.string().optional()),
    ACCESS_POLICY_FILE: optionalString,
    AZURE_TENANT_ID: optionalString,
    AZURE_CLIENT_ID: optionalString,
    AZURE_CLIENT_SECRET: optionalString,
    AZURE_CLIENT_CERTIFICATE_PATH: optionalString,
    AZURE_CLIENT_CERTIFICATE_PASSWORD: optionalString,
    AZURE_USE_MANAGED_IDENTITY: z.preprocess(emptyToUndefined, z.string().optional()),
    AZURE_MANAGED_IDENTITY_CLIENT_ID: optionalString,
    AZURE_FEDERATED_TOKEN_FILE: optionalString,
  })
  .superRefine((c, ctx) => {
    const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: [key], message });
    if (c.AZURE_CLIENT_CERTIFICATE_PASSWORD && !c.AZURE_CLIENT_CERTIFICATE_PATH)
      issue('AZURE_CLIENT_CERTIFICATE_PASSWORD', 'is set but AZURE_CLIENT_CERTIFICATE_PATH is not');
    const managed = ['true', '1', 'yes'].includes(c.AZURE_USE_MANAGED_IDENTITY?.trim().toLowerCase() ?? '');
    if (c.AZURE_MANAGED_IDENTITY_CLIENT_ID && !managed)
      issue('AZURE_MANAGED_IDENTITY_CLIENT_ID', 'is set but AZURE_USE_MANAGED_IDENTITY is not true');
    if (c.ALERT_BACKEND !== 'graph') return;
    if (!c.ACCESS_POLICY_FILE)
      issue(
        'ACCESS_POLICY_FILE',
        'is required with ALERT_BACKEND=graph (there is no demo policy for a real tenant; README "Access policy")',
      );
    const chosen = CREDENTIAL_KEYS.filter((k) => (k === 'AZURE_USE_MANAGED_IDENTITY' ? managed : !!c[k]));
    if (chosen.length === 0) {
      issue(
        'AZURE_CLIENT_SECRET',
        'or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_USE_MANAGED_IDENTITY=true or AZURE_FEDERATED_TOKEN_FILE is required with ALERT_BACKEND=graph (one way to authenticate to Microsoft Graph)',
      );
    } else if (chosen.length > 1) {
      for (const key of chosen)
        issue(
          key,
          `conflicts with ${chosen.filter((k) => k !== key).join(', ')}: set exactly one way to authenticate to Microsoft Graph`,
        );
    }
    if (!managed && !c.AZURE_TENANT_ID)
      issue('AZURE_TENANT_ID', 'is required with ALERT_BACKEND=graph (the tenant whose alerts the bot triages)');
    if (!managed && !c.AZURE_CLIENT_ID)
      issue(
        'AZURE_CLIENT_ID',
        'is required with ALERT_BACKEND=graph (the application (client) id of the Entra app registration)',
      );
  });

/** Node would answer 408 at the request timeout before a longer headers timeout could ever apply. */
const httpTimeouts = z
  .object({ HTTP_HEADERS_TIMEOUT_SECONDS: int(10, 1, 120), HTTP_REQUEST_TIMEOUT_SECONDS: int(30, 1, 600) })
  .refine((c) => c.HTTP_REQUEST_TIMEOUT_SECONDS >= c.HTTP_HEADERS_TIMEOUT_SECONDS, {
    path: ['HTTP_REQUEST_TIMEOUT_SECONDS'],
    message: 'must be at least HTTP_HEADERS_TIMEOUT_SECONDS',
  });

/** Every cross-key rule, checked alongside the main schema by `loadConfig`. */
export const CROSS_KEY_RULES: readonly z.ZodType[] = [credentials, graphSettings, httpTimeouts];
