import type { Alert } from '../alert.js';
import type { Permission } from '../access/permissions.js';

/** The remediations a person can ask for from an alert card (design §4, `alert.remediate` input `action`). */
export const REMEDIATION_ACTIONS = [
  'disableUser',
  'revokeSessions',
  'removeSharingLinks',
  'applySensitivityLabel',
  'applyRetentionLabel',
  'deleteFile',
  'isolateDevice',
] as const;
export type RemediationAction = (typeof REMEDIATION_ACTIONS)[number];

/** Which evidence an action works on; each kind has its own permission. */
export type EvidenceKind = 'user' | 'file' | 'device';

const EVIDENCE: Record<RemediationAction, EvidenceKind> = {
  disableUser: 'user',
  revokeSessions: 'user',
  removeSharingLinks: 'file',
  applySensitivityLabel: 'file',
  applyRetentionLabel: 'file',
  deleteFile: 'file',
  isolateDevice: 'device',
};

/** Human titles, shared by the cards and the thread notices. */
export const REMEDIATION_TITLES: Record<RemediationAction, string> = {
  disableUser: 'Disable the user account',
  revokeSessions: 'Revoke sign-in sessions',
  removeSharingLinks: 'Remove sharing links',
  applySensitivityLabel: 'Apply a sensitivity label',
  applyRetentionLabel: 'Apply a retention label',
  deleteFile: 'Delete the file',
  isolateDevice: 'Isolate the device',
};

export function evidenceKindOf(action: RemediationAction): EvidenceKind {
  return EVIDENCE[action];
}

/** The permission an action needs: `alert.remediate.user` / `.file` / `.device`. */
export function permissionFor(action: RemediationAction): Permission {
  return `alert.remediate.${EVIDENCE[action]}`;
}

/**
 * The remediations the alert's evidence supports: user → account actions; a file in SharePoint or
 * OneDrive → file actions (other locations have no driveItem to act on); device → isolation.
 */
export function remediationsFor(alert: Alert): RemediationAction[] {
  const result: RemediationAction[] = [];
  if (alert.subject?.id || alert.subject?.userPrincipalName) result.push('disableUser', 'revokeSessions');
  if (alert.file && (alert.workload === 'SharePoint' || alert.workload === 'OneDrive')) {
    result.push('removeSharingLinks', 'applySensitivityLabel', 'applyRetentionLabel', 'deleteFile');
  }
  if (alert.device) result.push('isolateDevice');
  return result;
}

/**
 * What identifies the evidence a plan was made for. A confirm is refused when it differs from the
 * alert's current evidence, so a plan never runs against a different user, file or device.
 */
export function evidenceFingerprint(alert: Alert): string {
  return JSON.stringify([
    alert.subject?.id ?? null,
    alert.subject?.userPrincipalName?.toLowerCase() ?? null,
    alert.workload,
    alert.file?.url ?? alert.file?.name ?? null,
    alert.device?.mdeDeviceId ?? alert.device?.name ?? null,
  ]);
}
