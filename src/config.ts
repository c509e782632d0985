import { z } from 'zod';
import {
  GUID,
  bool,
  emptyToUndefined,
  httpsOrLoopbackUrl,
  httpsOrigin,
  httpsOriginOr,
  int,
  optionalString,
  sourceList,
} from './config-values.js';
import { DLP_SOURCE, SERVICE_SOURCES } from './triage/alert-sources.js';
import { CROSS_KEY_RULES } from './config-rules.js';

/**
 * The one schema of the environment. `loadConfig` either returns a frozen, typed config or throws a
 * `ConfigError` that names every bad or missing key at once; values of secret keys are never echoed.
 */

const SECRET_KEYS = [
  'MicrosoftAppPassword',
  'SHARE_LINK_SECRET',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
] as const;

const schema = z.object({
  ALERT_BACKEND: z.preprocess(
    emptyToUndefined,
    z.enum(['local', 'graph'], { message: "must be 'local' or 'graph'" }).default('local'),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  PORT: int(3978, 0, 65535),
  LOG_LEVEL: z.preprocess(
    emptyToUndefined,
    z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ),
  // Slow or greedy HTTP clients (README "Security notes"); HTTP_REQUEST_TIMEOUT_SECONDS >=
  // HTTP_HEADERS_TIMEOUT_SECONDS.
  HTTP_HEADERS_TIMEOUT_SECONDS: int(10, 1, 120),
  HTTP_REQUEST_TIMEOUT_SECONDS: int(30, 1, 600),
  HTTP_MAX_CONNECTIONS: int(1000, 1, 100_000),
  HTTP_MAX_CONNECTIONS_PER_CLIENT: int(100, 1, 100_000),
  MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a GUID').optional()),
  MicrosoftAppPassword: optionalString,
  MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a GUID').optional()),
  /**
   * Where channel tokens' signing keys are published (botbuilder's own setting); default Bot Framework's public cloud.
   */
  BotOpenIdMetadata: httpsOrLoopbackUrl(),
  MicrosoftAppType: z.preprocess(
    emptyToUndefined,
    z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  ),
  ALLOWED_TENANT_IDS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((t) => t.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(GUID, 'must be a comma-separated list of tenant GUIDs')))
      .optional(),
  ),
  POLL_INTERVAL_SECONDS: int(30, 1, 3600),
  DEMO_ALERT_INTERVAL_SECONDS: int(0, 0, 86_400),
  /** The alerts_v2 `serviceSource` values whose alerts become cards (the poller and the alert store take no others). */
  ALERT_SOURCES: sourceList(SERVICE_SOURCES, [DLP_SOURCE]),
  TEAMS_TENANT_RATE_PER_SECOND: int(50, 1, 1000),
  OUTBOX_MAX_AGE_HOURS: int(24, 1, 24 * 14),
  // --- Storm control: more than STORM_THRESHOLD alerts of one user and policy within STORM_WINDOW_MINUTES
  // fold into one storm card in the thread of the first (src/delivery/storm-control.ts).
  STORM_THRESHOLD: int(5, 1, 1000),
  STORM_WINDOW_MINUTES: int(10, 1, 24 * 60),
  /** The local seed (written on first start) also holds a storm of 24 matches by one user; the demo sets it. */
  LOCAL_SEED_STORM: bool(false),
  /**
   * JSON access policy; default `<DATA_DIR>/access-policy.json`, written with the demo personas by the local backend.
   */
  ACCESS_POLICY_FILE: optionalString,
  DIRECTORY_CACHE_SECONDS: int(300, 0, 86_400),
  PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional()),
  /** HMAC key of share links; local mode generates one in DATA_DIR when unset. */
  SHARE_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  SHARE_LINK_TTL_HOURS: int(168, 1, 24 * 365),
  /** Requests to /share/* one client address may make per minute (a burst of as many, then refilled evenly). */
  SHARE_RATE_LIMIT_PER_MINUTE: int(30, 1, 10_000),
  /** A daily digest missed (downtime) by less than this many hours is sent late, once; older ones are skipped. */
  DIGEST_CATCHUP_HOURS: int(6, 0, 23),
  /** An open alert older than its severity's SLA counts as an SLA breach in digests. */
  SLA_HOURS_HIGH: int(4, 1, 24 * 90),
  SLA_HOURS_MEDIUM: int(24, 1, 24 * 90),
  SLA_HOURS_LOW: int(72, 1, 24 * 90),
  /** Hours of the user's activity an investigation shows before the alert's first activity and after its last. */
  INVESTIGATION_WINDOW_HOURS: int(2, 1, 48),
  /** How long what an investigation gathered for an alert is reused (a retry, a second analyst). */
  INVESTIGATION_CACHE_MINUTES: int(5, 0, 60),
  REMEDIATION_MODE: z.preprocess(emptyToUndefined, z.enum(['execute', 'dryRun']).default('execute')),
  /** Labels the file remediations apply (sensitivity by name for local, by id for Graph; retention by name). */
  REMEDIATION_SENSITIVITY_LABEL: optionalString,
  REMEDIATION_SENSITIVITY_LABEL_ID: z.preprocess(
    emptyToUndefined,
    z.string().regex(GUID, 'must be a GUID (the label id)').optional(),
  ),
  REMEDIATION_RETENTION_LABEL: optionalString,
  // --- Graph backend (ALERT_BACKEND=graph); cross-key rules in `graphSettings` below.
  AZURE_TENANT_ID: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a GUID').optional()),
  AZURE_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a GUID').optional()),
  AZURE_CLIENT_SECRET: optionalString,
  AZURE_CLIENT_CERTIFICATE_PATH: optionalString,
  AZURE_CLIENT_CERTIFICATE_PASSWORD: optionalString,
  AZURE_USE_MANAGED_IDENTITY: bool(false),
  AZURE_MANAGED_IDENTITY_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a GUID').optional()),
  AZURE_FEDERATED_TOKEN_FILE: optionalString,
  AZURE_AUTHORITY_HOST: httpsOrigin(),
  AZURE_DISABLE_INSTANCE_DISCOVERY: bool(false),
  GRAPH_ENDPOINT: httpsOriginOr('https://graph.microsoft.com'),
  GRAPH_APP_DISPLAY_NAME: z.preprocess(emptyToUndefined, z.string().trim().max(256).default('DLP Triage')),
  MDE_API_ENDPOINT: httpsOriginOr('https://api.securitycenter.microsoft.com'),
  /** Token scope of the Defender for Endpoint API; default `<MDE_API_ENDPOINT>/.default`. */
  MDE_API_SCOPE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^https:\/\/\S+\/\.default$/, 'must look like https://<resource>/.default')
      .optional(),
  ),
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
  const issues = [
    ...(result.success ? [] : result.error.issues),
    ...CROSS_KEY_RULES.flatMap((rules) => {
      const checked = rules.safeParse(env);
      return checked.success ? [] : checked.error.issues;
    }),
  ];
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
