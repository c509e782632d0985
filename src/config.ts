import { z } from 'zod';

/**
 * The one schema of the environment. `loadConfig` either returns a frozen, typed config or throws a
 * `ConfigError` that names every bad or missing key at once; values of secret keys are never echoed.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET_KEYS = ['MicrosoftAppPassword', 'SHARE_LINK_SECRET'] as const;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const int = (def: number, min: number, max: number) =>
  z.preprocess(emptyToUndefined, z.coerce.number().int().min(min).max(max).default(def));

const schema = z
  .object({
    ALERT_BACKEND: z.preprocess(
      emptyToUndefined,
      z.enum(['local'], { message: "must be 'local' (the Graph backend is not in this version yet)" }).default('local'),
    ),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
    PORT: int(3978, 0, 65535),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a GUID').optional()),
    MicrosoftAppPassword: optionalString,
    MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a GUID').optional()),
    MicrosoftAppType: z.preprocess(
      emptyToUndefined,
      z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
    ),
    ALLOWED_TENANT_IDS: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .transform((s) => s.split(',').map((t) => t.trim().toLowerCase()).filter(Boolean))
        .pipe(z.array(z.string().regex(GUID, 'must be a comma-separated list of tenant GUIDs')))
        .optional(),
    ),
    POLL_INTERVAL_SECONDS: int(30, 1, 3600),
    DEMO_ALERT_INTERVAL_SECONDS: int(0, 0, 86_400),
    TEAMS_TENANT_RATE_PER_SECOND: int(50, 1, 1000),
    OUTBOX_MAX_AGE_HOURS: int(24, 1, 24 * 14),
    /** JSON access policy; default `<DATA_DIR>/access-policy.json`, written with the demo personas by the local backend. */
    ACCESS_POLICY_FILE: optionalString,
    DIRECTORY_CACHE_SECONDS: int(300, 0, 86_400),
    PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
    /** HMAC key of share links; local mode generates one in DATA_DIR when unset. */
    SHARE_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    SHARE_LINK_TTL_HOURS: int(168, 1, 24 * 365),
    REMEDIATION_MODE: z.preprocess(emptyToUndefined, z.enum(['execute', 'dryRun']).default('execute')),
  });

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
      ctx.addIssue({ code: 'custom', path: ['SHARE_LINK_SECRET'], message: 'is required when MicrosoftAppId is set (a random string of 32+ characters)' });
    }
    const needsTenant = c.MicrosoftAppType !== 'MultiTenant';
    if (needsTenant && !c.MicrosoftAppTenantId) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppTenantId'], message: `is required when MicrosoftAppType is ${c.MicrosoftAppType}` });
    }
    if (c.MicrosoftAppType === 'UserAssignedMSI' && c.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: 'must be empty for UserAssignedMSI' });
    }
    if (c.MicrosoftAppType !== 'UserAssignedMSI' && !c.MicrosoftAppPassword) {
      ctx.addIssue({ code: 'custom', path: ['MicrosoftAppPassword'], message: `is required when MicrosoftAppId is set (${c.MicrosoftAppType})` });
    }
  });

export type Config = Readonly<z.infer<typeof schema>> & {
  /** No MicrosoftAppId: no JWT validation, loopback only (Agents Playground, local tests). */
  readonly localMode: boolean;
};

/** Thrown at start-up with one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = schema.safeParse(env);
  const crossChecks = credentials.safeParse(env);
  const issues = [...(result.success ? [] : result.error.issues), ...(crossChecks.success ? [] : crossChecks.error.issues)];
  if (!result.success || issues.length > 0) {
    const problems = issues.map((i) => {
      const key = String(i.path[0] ?? 'config');
      const received = (SECRET_KEYS as readonly string[]).includes(key) ? '' : describeValue(env[key]);
      return `${key} ${i.message}${received}`;
    });
    throw new ConfigError([...new Set(problems)]);
  }
  return Object.freeze({ ...result.data!, localMode: !result.data!.MicrosoftAppId });
}

function describeValue(value: string | undefined): string {
  if (value === undefined || value === '') return ' (not set)';
  return ` (got "${value.length > 60 ? value.slice(0, 57) + '...' : value}")`;
}

/** The config as it may be logged: secrets replaced by a marker saying whether they are set. */
export function redactedConfig(config: Config): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...config };
  for (const key of SECRET_KEYS) copy[key] = config[key] ? '***' : undefined;
  return copy;
}
