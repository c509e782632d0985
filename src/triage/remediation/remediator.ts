import type { Alert } from '../alert.js';
import type { EvidenceKind, RemediationAction } from './remediation-action.js';

/**
 * One backend operation. `enableUser` and `releaseDevice` exist only as the undo of `disableUser` / `isolateDevice`.
 */
export const STEP_KINDS = [
  'disableUser',
  'enableUser',
  'revokeSessions',
  'removeSharingLink',
  'setSensitivityLabel',
  'setRetentionLabel',
  'deleteFile',
  'isolateDevice',
  'releaseDevice',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

const TARGET_KIND: Record<StepKind, EvidenceKind> = {
  disableUser: 'user',
  enableUser: 'user',
  revokeSessions: 'user',
  removeSharingLink: 'file',
  setSensitivityLabel: 'file',
  setRetentionLabel: 'file',
  deleteFile: 'file',
  isolateDevice: 'device',
  releaseDevice: 'device',
};

/** What kind of evidence a step acts on (for the audit log). */
export function targetKindOf(kind: StepKind): EvidenceKind {
  return TARGET_KIND[kind];
}

/** One change a plan will make, read live from the backend when the plan is made. */
export interface RemediationStep {
  kind: StepKind;
  /** What the step acts on, in the backend's terms (user id, file URL, `fileUrl#permissionId`, device id). */
  target: string;
  /** Exactly what will change ("Remove the anyone-with-the-link view link …"), for the card and the audit log. */
  description: string;
  /**
   * False for something the plan lists but will not change (an inherited link, an account already
   * disabled); `description` says why. Listing it keeps the plan an honest picture of the target.
   */
  executable: boolean;
  /**
   * Set on a non-executable step that leaves the target reachable from outside the organization: what
   * still exposes it, in words that name no target ("an anyone link inherited from the parent folder"),
   * so a run that leaves it is never reported as plainly done and the thread may be told.
   */
  exposure?: string;
  /** Values the step sets (`label`) or found before (`previousLabel`). */
  params?: Record<string, string>;
}

/** How one executed step went, as the backend reports it. `message` is safe to show the requester. */
export interface StepExecution {
  ok: boolean;
  message: string;
}

/**
 * The backend that plans and performs remediations (Graph and Defender for Endpoint, or the local
 * simulation). Implementations throw `TriageError('unavailable')` when they cannot answer at all.
 */
export interface Remediator {
  /** The steps `action` would take on the alert's evidence right now (may be empty or all non-executable). */
  plan(alert: Alert, action: RemediationAction): Promise<RemediationStep[]>;
  /**
   * Performs one executable step (including the undo kinds); a refused or failed operation is `ok: false`, not a throw.
   */
  execute(step: RemediationStep): Promise<StepExecution>;
}

const INVERSE: Partial<Record<StepKind, StepKind>> = { disableUser: 'enableUser', isolateDevice: 'releaseDevice' };

/**
 * The step that reverses a succeeded one, where the APIs allow it: re-enable the account, release the
 * device. Revoked sessions, removed links, deleted files and replaced labels have no undo here.
 */
export function inverseOf(step: RemediationStep): RemediationStep | undefined {
  const kind = INVERSE[step.kind];
  if (!kind) return undefined;
  const description =
    kind === 'enableUser'
      ? `Re-enable the account ${step.params?.name ?? step.target} (accountEnabled: false → true).`
      : `Release the device ${step.params?.name ?? step.target} from isolation.`;
  return { kind, target: step.target, description, executable: true, params: step.params };
}

/**
 * What an inherited link the plan cannot remove leaves open, for `RemediationStep.exposure`: an anyone
 * link, or sharing with people outside the organization; undefined for organization-only and internal sharing.
 */
export function inheritedExposure(anyone: boolean, external: boolean): string | undefined {
  if (anyone) return 'an anyone link inherited from the parent folder';
  if (external) return 'sharing with people outside your organization, inherited from the parent folder';
  return undefined;
}
