import { z } from 'zod';
import type { Alert } from '../../triage/alert.js';
import { isDlpAlert, mapGraphAlert } from '../alerts-v2/alerts-v2-mapper.js';
import { LOCAL_DOMAIN, hashHex, hashInt } from './local-seed.js';

/**
 * The local backend's remediation state (`local-remediation.json`): what Graph and Defender for Endpoint
 * would hold for the alerts' evidence — accounts, sign-in session revocations, a file's sharing
 * permissions and labels, device isolation. `simulatedFailure` makes the simulated backend refuse that
 * one operation with that message, so partial failure is real in the demo and in tests.
 */

const failure = z.string().optional();

/** A sharing permission as Graph lists it on a driveItem (id, roles, link scope, grantees, inheritedFrom). */
export const sharingLinkSchema = z.object({
  id: z.string().min(1),
  type: z.enum(['view', 'edit']),
  scope: z.enum(['anonymous', 'organization', 'users']),
  webUrl: z.string(),
  /** People a `users` link was granted to (email addresses). */
  grantees: z.array(z.string()),
  /** The ancestor the link is set on; Graph cannot delete it on the file. */
  inheritedFrom: z.string().optional(),
  simulatedFailure: failure,
});

export const localRemediationStateSchema = z.object({
  schemaVersion: z.literal(1),
  /** By Entra object id. */
  users: z.record(
    z.string(),
    z.object({
      userPrincipalName: z.string(),
      displayName: z.string(),
      accountEnabled: z.boolean(),
      sessionsRevokedAt: z.string().nullable(),
      simulatedFailure: failure,
    }),
  ),
  /** By file URL. */
  files: z.record(
    z.string(),
    z.object({
      name: z.string(),
      siteUrl: z.string(),
      owner: z.string().optional(),
      sensitivityLabel: z.string().nullable(),
      retentionLabel: z.string().nullable(),
      /** Moved to the recycle bin at. */
      deletedAt: z.string().nullable(),
      links: z.array(sharingLinkSchema),
      simulatedFailure: failure,
    }),
  ),
  /** By Defender for Endpoint machine id. */
  devices: z.record(
    z.string(),
    z.object({ name: z.string(), isolated: z.boolean(), isolatedAt: z.string().nullable(), simulatedFailure: failure }),
  ),
});

export type LocalRemediationState = z.infer<typeof localRemediationStateSchema>;
export type LocalUserState = LocalRemediationState['users'][string];
export type LocalFileState = LocalRemediationState['files'][string];
export type LocalDeviceState = LocalRemediationState['devices'][string];
export type SharingLink = z.infer<typeof sharingLinkSchema>;

export const LINK_REMOVAL_FAILURE =
  'The link could not be removed: the file is locked by another operation (HTTP 423 Locked). Try again later.';
export const ISOLATION_FAILURE =
  'Defender for Endpoint refused the isolation: the device has not reported for 9 days and its sensor is out of date (HTTP 400).';

/** Keys of an alert's evidence in the state. */
export const userKey = (alert: Alert) => alert.subject?.id ?? alert.subject?.userPrincipalName;
export const fileKey = (alert: Alert) =>
  alert.workload === 'SharePoint' || alert.workload === 'OneDrive' ? alert.file?.url : undefined;
export const deviceKey = (alert: Alert) => alert.device?.mdeDeviceId ?? alert.device?.name;

const SENSITIVITY = [null, 'General', 'Confidential'] as const;
const RETENTION = [null, null, 'Business - 3 years'] as const;

/** The state entries an alert's evidence would have in a real tenant, derived deterministically from it. */
export function deriveEntries(
  alert: Alert,
  additionalData: Record<string, unknown> = {},
): Partial<Omit<LocalRemediationState, 'schemaVersion'>> {
  const out: Partial<Omit<LocalRemediationState, 'schemaVersion'>> = {};
  const u = userKey(alert);
  if (u) {
    const upn = alert.subject?.userPrincipalName ?? u;
    out.users = {
      [u]: {
        userPrincipalName: upn,
        displayName: alert.subject?.displayName ?? upn,
        accountEnabled: true,
        sessionsRevokedAt: null,
      },
    };
  }
  const f = fileKey(alert);
  if (f && alert.file) {
    const siteUrl =
      typeof additionalData.siteUrl === 'string' ? additionalData.siteUrl : f.slice(0, f.lastIndexOf('/'));
    const sharedWith = Array.isArray(additionalData.sharedWith)
      ? additionalData.sharedWith.filter((s): s is string => typeof s === 'string')
      : [];
    out.files = {
      [f]: {
        name: alert.file.name,
        siteUrl,
        owner: typeof additionalData.fileOwner === 'string' ? additionalData.fileOwner : undefined,
        sensitivityLabel: SENSITIVITY[hashInt(`sensitivity:${f}`, SENSITIVITY.length)] ?? null,
        retentionLabel: RETENTION[hashInt(`retention:${f}`, RETENTION.length)] ?? null,
        deletedAt: null,
        links: sharingLinks(f, siteUrl, sharedWith, additionalData.sharingScope === 'anyone'),
      },
    };
  }
  const d = deviceKey(alert);
  if (d && alert.device) out.devices = { [d]: { name: alert.device.name, isolated: false, isolatedAt: null } };
  return out;
}

/**
 * A file's permissions: an anyone link (when the alert says so, and on some other files), one
 * specific-people link for the people it was shared with, an organization link, and an anyone link
 * inherited from its folder (which Graph can only remove on the folder).
 */
function sharingLinks(fileUrl: string, siteUrl: string, sharedWith: string[], anyone: boolean): SharingLink[] {
  const link = (n: number, rest: Omit<SharingLink, 'id' | 'webUrl'>): SharingLink => {
    const token = hashHex(`link:${fileUrl}:${n}`, 22);
    return { id: hashHex(`perm:${fileUrl}:${n}`, 16), webUrl: `${new URL(siteUrl).origin}/:u:/r/${token}`, ...rest };
  };
  const links: SharingLink[] = [];
  if (anyone || hashInt(`anyone:${fileUrl}`, 3) === 0)
    links.push(link(1, { type: hashInt(`type:${fileUrl}`, 2) ? 'edit' : 'view', scope: 'anonymous', grantees: [] }));
  if (sharedWith.length > 0) links.push(link(2, { type: 'view', scope: 'users', grantees: sharedWith }));
  links.push(link(3, { type: 'edit', scope: 'organization', grantees: [] }));
  links.push(
    link(4, {
      type: 'view',
      scope: 'anonymous',
      grantees: [],
      inheritedFrom: fileUrl.slice(0, fileUrl.lastIndexOf('/')),
    }),
  );
  return links;
}

/** Is a grantee outside the tenant? */
export const isExternal = (email: string) => !email.toLowerCase().endsWith(`@${LOCAL_DOMAIN}`);

/** Adds entries the state does not have yet; returns whether anything was added. Existing entries are never touched. */
export function mergeMissing(state: LocalRemediationState, entries: ReturnType<typeof deriveEntries>): boolean {
  let added = false;
  for (const key of ['users', 'files', 'devices'] as const) {
    for (const [id, entry] of Object.entries(entries[key] ?? {})) {
      if (Object.hasOwn(state[key], id)) continue;
      (state[key] as Record<string, unknown>)[id] = entry;
      added = true;
    }
  }
  return added;
}

/**
 * The state on first start: every alert's evidence as derived above, plus two simulated failures — the
 * specific-people link of the last shared SharePoint/OneDrive file, and the device of the last alert with one.
 */
export function buildRemediationSeed(rawAlerts: readonly unknown[]): LocalRemediationState {
  const state: LocalRemediationState = { schemaVersion: 1, users: {}, files: {}, devices: {} };
  let failingFile: string | undefined;
  let failingDevice: string | undefined;
  for (const raw of rawAlerts) {
    const alert = mapGraphAlert(raw);
    // Remediation is for DLP alerts: a correlated alert of another product (same device) changes nothing here.
    if (!isDlpAlert(alert)) continue;
    mergeMissing(state, deriveEntries(alert, additionalDataOf(raw)));
    const file = fileKey(alert);
    if (file && state.files[file]?.links.some((l) => l.scope === 'users')) failingFile = file;
    failingDevice = deviceKey(alert) ?? failingDevice;
  }
  const link = failingFile ? state.files[failingFile]?.links.find((l) => l.scope === 'users') : undefined;
  if (link) link.simulatedFailure = LINK_REMOVAL_FAILURE;
  const device = failingDevice ? state.devices[failingDevice] : undefined;
  if (device) device.simulatedFailure = ISOLATION_FAILURE;
  return state;
}

export function additionalDataOf(raw: unknown): Record<string, unknown> {
  const data = (raw as { additionalData?: unknown } | null)?.additionalData;
  return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
}
