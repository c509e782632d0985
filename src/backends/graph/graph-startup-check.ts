import type { TokenCredential } from '@azure/identity';
import type { Logger } from '../../logger.js';
import { TriageError } from '../../triage/triage-error.js';
import type { CredentialKind } from './azure-credential.js';
import type { GraphFailure } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { PERMISSIONS, type RequiredPermission } from './graph-permissions.js';

export interface StartupCheckDeps {
  credential: TokenCredential;
  kind: CredentialKind;
  graphScope: string;
  mdeScope: string;
  graph: GraphGateway;
  log: Logger;
}

/** What each optional feature needs beyond the read permissions the probes prove. */
const FEATURES: [feature: string, needs: RequiredPermission][] = [
  ['assign, classify, change status and comment', PERMISSIONS.alertsWrite],
  ['group-based grants of the access policy', PERMISSIONS.groupMembershipRead],
  ['disable and re-enable accounts', PERMISSIONS.usersEnableDisable],
  ['revoke sign-in sessions', PERMISSIONS.usersRevokeSessions],
  ['file remediation (sharing links, labels, delete)', PERMISSIONS.files],
  ['Investigate: user activity', PERMISSIONS.huntingRead],
  ['Investigate: alerts of the incident', PERMISSIONS.incidentsRead],
  ['incident actions (assign, status, classify, tags, comment)', PERMISSIONS.incidentsWrite],
];
const DEVICE_FEATURES: [string, RequiredPermission][] = [
  ['read devices for isolation plans', PERMISSIONS.machinesRead],
  ['isolate and release devices', PERMISSIONS.machinesIsolate],
];

/**
 * Start-up checks of the Graph backend. Fatal (throws an Error that says what to fix): no token for
 * Graph, or a first read of alerts, users or administrative units answered 401/403 — the bot cannot
 * work without them. Warned: permissions missing for optional features (read from the token's `roles`
 * claim when it has one), no token for Defender for Endpoint, Graph not answering right now (the poller
 * keeps trying).
 */
export async function checkGraphAccess(deps: StartupCheckDeps): Promise<void> {
  const { log } = deps;
  const roles = await tokenRoles(deps, deps.graphScope, true);
  const probes: [string, string, RequiredPermission][] = [
    [
      'read DLP alerts',
      "/security/alerts_v2?$top=1&$filter=serviceSource%20eq%20'dataLossPrevention'",
      PERMISSIONS.alertsRead,
    ],
    ['read users', '/users?$top=1&$select=id', PERMISSIONS.usersRead],
    [
      'list administrative units',
      '/directory/administrativeUnits?$top=1&$select=id',
      PERMISSIONS.administrativeUnitsRead,
    ],
  ];
  for (const [doing, path, permission] of probes) {
    try {
      await deps.graph.call({ doing, permission }, (api) =>
        api(path).header('Prefer', 'include-unknown-enum-members').get(),
      );
    } catch (e) {
      const status = e instanceof TriageError ? (e.cause as GraphFailure | undefined)?.status : undefined;
      if (e instanceof TriageError && (e.code === 'forbidden' || status === 401)) {
        throw new Error(`Microsoft Graph start-up check failed: ${e.userMessage}`);
      }
      log.warn(
        { check: doing, err: e instanceof TriageError ? e.userMessage : String(e) },
        'Microsoft Graph start-up check could not complete; continuing (the poller retries)',
      );
    }
  }
  if (roles) warnMissing(log, roles, FEATURES);
  const deviceRoles = await tokenRoles(deps, deps.mdeScope, false);
  if (deviceRoles) warnMissing(log, deviceRoles, DEVICE_FEATURES);
  log.info(
    { credential: deps.kind, permissions: roles ?? 'not readable from the token' },
    'Microsoft Graph start-up checks passed',
  );
}

/** Gets a token (never logged) and reads its `roles` claim; undefined when the claim cannot be read. */
async function tokenRoles(deps: StartupCheckDeps, scope: string, required: boolean): Promise<string[] | undefined> {
  let token: string;
  try {
    const answer = await deps.credential.getToken(scope);
    if (!answer) throw new Error('the credential returned no token');
    token = answer.token;
  } catch (e) {
    const reason = `${(e as Error).name}: ${String((e as Error).message)
      .split('\n')[0]
      ?.slice(0, 300)}`;
    if (required)
      throw new Error(
        `Could not get a token for ${scope} with the ${deps.kind} credential (${reason}). Check AZURE_TENANT_ID, AZURE_CLIENT_ID and the credential settings (README "Connect to your tenant").`,
      );
    deps.log.warn(
      { scope, reason },
      'no token for the Defender for Endpoint API: device isolation will fail until this is fixed',
    );
    return undefined;
  }
  return rolesClaim(token);
}

/** The `roles` claim of a JWT access token (app permissions granted with admin consent), if readable. */
export function rolesClaim(token: string): string[] | undefined {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      roles?: unknown;
    };
    return Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === 'string') : undefined;
  } catch {
    return undefined;
  }
}

/** Does a set of granted roles satisfy a requirement (the permission and its companions, or a broader one)? */
export function satisfies(roles: readonly string[], p: RequiredPermission): boolean {
  const has = new Set(roles);
  return [p.name, ...(p.together ?? [])].every((r) => has.has(r)) || (p.alternatives ?? []).some((r) => has.has(r));
}

function warnMissing(log: Logger, roles: string[], features: [string, RequiredPermission][]): void {
  for (const [feature, needs] of features) {
    if (satisfies(roles, needs)) continue;
    const missing = [needs.name, ...(needs.together ?? [])].filter((r) => !roles.includes(r));
    log.warn(
      { feature, missing, api: needs.api },
      `the app registration lacks ${missing.join(' and ')} (${needs.api}): "${feature}" will be refused until an admin grants it with admin consent`,
    );
  }
}
