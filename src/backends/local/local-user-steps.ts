import type { RemediationAction } from '../../triage/remediation/remediation-action.js';
import type { RemediationStep, StepExecution } from '../../triage/remediation/remediator.js';
import { remediationStep as step } from '../remediation-step.js';
import type { LocalUserState } from './local-remediation-state.js';

/** The step of a user action (disable the account, or revoke sessions) on the local state. */
export function planUserSteps(key: string, user: LocalUserState, action: RemediationAction): RemediationStep[] {
  const who = `${user.displayName} (${user.userPrincipalName})`;
  if (action === 'revokeSessions') {
    const last = user.sessionsRevokedAt ? `; last revoked ${user.sessionsRevokedAt}` : '';
    return [
      step(
        'revokeSessions',
        key,
        `Revoke every sign-in session of ${who}${last}: refresh tokens and session cookies stop working, so they must sign in again everywhere. This cannot be undone.`,
        true,
        { name: who },
      ),
    ];
  }
  if (!user.accountEnabled)
    return [
      step('disableUser', key, `The account of ${who} is already disabled; nothing to change.`, false, { name: who }),
    ];
  return [
    step(
      'disableUser',
      key,
      `Disable the account of ${who} (accountEnabled: true → false): they can no longer sign in. Undo re-enables it.`,
      true,
      { name: who },
    ),
  ];
}

/** Performs a user step on the in-memory state (persisted by the caller); a refusal changes nothing. */
export function applyUserStep(
  user: LocalUserState | undefined,
  kind: 'disableUser' | 'enableUser' | 'revokeSessions',
  now: string,
): StepExecution {
  if (!user) return { ok: false, message: 'The user does not exist in the directory.' };
  if (user.simulatedFailure) return { ok: false, message: user.simulatedFailure };
  if (kind === 'revokeSessions') {
    user.sessionsRevokedAt = now;
    return { ok: true, message: 'Sign-in sessions revoked (it can take a few minutes to apply everywhere).' };
  }
  const enable = kind === 'enableUser';
  const already = user.accountEnabled === enable;
  user.accountEnabled = enable;
  return {
    ok: true,
    message: already
      ? `The account was already ${enable ? 'enabled' : 'disabled'}.`
      : `Account ${enable ? 're-enabled' : 'disabled'}.`,
  };
}
