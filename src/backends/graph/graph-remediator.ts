import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { Alert } from '../../triage/alert.js';
import { evidenceKindOf, type RemediationAction } from '../../triage/remediation/remediation-action.js';
import type { RemediationStep, Remediator, StepExecution } from '../../triage/remediation/remediator.js';
import { TriageError } from '../../triage/triage-error.js';
import { remediationStep as step } from '../remediation-step.js';
import { GraphFileRemediation, type FileRemediationOptions } from './graph-file-remediation.js';
import type { GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { PERMISSIONS } from './graph-permissions.js';
import { MdeDeviceRemediation } from './mde-device-remediation.js';

const userSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  signInSessionsValidFromDateTime: z.string().nullish(),
});

const op = (doing: string, permission: GraphOperation['permission']): GraphOperation => ({
  doing,
  permission,
  notFound: 'The user does not exist in the directory.',
});

/**
 * The Remediator port over Microsoft Graph (accounts, OneDrive/SharePoint files) and the Defender for
 * Endpoint API (devices). Plans are read live when they are made. `execute` reports a refusal (4xx) as
 * `ok: false` with a message for people, and throws `unavailable` only when the outcome is unknown
 * (no answer, 5xx, throttled past the retries).
 */
export class GraphRemediator implements Remediator {
  private readonly files: GraphFileRemediation;
  private readonly devices: MdeDeviceRemediation;

  constructor(
    private readonly graph: GraphGateway,
    mde: GraphGateway,
    private readonly log: Logger,
    options: FileRemediationOptions = {},
  ) {
    this.files = new GraphFileRemediation(graph, log, options);
    this.devices = new MdeDeviceRemediation(mde);
  }

  async plan(alert: Alert, action: RemediationAction): Promise<RemediationStep[]> {
    switch (evidenceKindOf(action)) {
      case 'user':
        return this.planUser(alert, action);
      case 'file':
        return this.files.plan(alert, action);
      case 'device':
        return this.devices.plan(alert);
    }
  }

  async execute(s: RemediationStep): Promise<StepExecution> {
    try {
      switch (s.kind) {
        case 'disableUser':
        case 'enableUser': {
          const enable = s.kind === 'enableUser';
          const doing = op(enable ? 're-enable the account' : 'disable the account', PERMISSIONS.usersEnableDisable);
          await this.graph.call(doing, (api) => api(userPath(s.target)).patch({ accountEnabled: enable }));
          return { ok: true, message: `Account ${enable ? 're-enabled' : 'disabled'}.` };
        }
        case 'revokeSessions':
          // Documented as 200 {"value": true}; a known issue answers 204. Either is success.
          await this.graph.call(op('revoke the sign-in sessions', PERMISSIONS.usersRevokeSessions), (api) =>
            api(`${userPath(s.target)}/revokeSignInSessions`).post(undefined),
          );
          return {
            ok: true,
            message:
              'Sign-in sessions revoked (it can take a few minutes to apply everywhere; guests from other tenants are not affected).',
          };
        case 'isolateDevice':
        case 'releaseDevice':
          return await this.devices.execute(s);
        default:
          return await this.files.execute(s);
      }
    } catch (e) {
      if (e instanceof TriageError && e.code !== 'unavailable') {
        this.log.info({ step: s.kind, code: e.code }, 'remediation step refused');
        return { ok: false, message: e.userMessage };
      }
      throw e;
    }
  }

  private async planUser(alert: Alert, action: RemediationAction): Promise<RemediationStep[]> {
    const key = alert.subject?.id ?? alert.subject?.userPrincipalName ?? '';
    const kind = action === 'revokeSessions' ? 'revokeSessions' : 'disableUser';
    const shown = alert.subject?.displayName ?? alert.subject?.userPrincipalName ?? key;
    const doing = op("read the user's account", PERMISSIONS.usersRead);
    let user: z.output<typeof userSchema>;
    try {
      const answer = await this.graph.call(doing, (api) =>
        api(userPath(key))
          .query('$select=id,displayName,userPrincipalName,accountEnabled,signInSessionsValidFromDateTime')
          .get(),
      );
      user = this.graph.parse(doing, userSchema, answer);
    } catch (e) {
      if (e instanceof TriageError && e.code === 'not-found')
        return [
          step(kind, key, `${shown} no longer exists in the directory; nothing to change.`, false, { name: shown }),
        ];
      throw e;
    }
    const who = `${user.displayName ?? shown} (${user.userPrincipalName ?? key})`;
    if (kind === 'revokeSessions') {
      const last = user.signInSessionsValidFromDateTime
        ? `; sessions last revoked or reset ${user.signInSessionsValidFromDateTime}`
        : '';
      return [
        step(
          'revokeSessions',
          user.id,
          `Revoke every sign-in session of ${who}${last}: refresh tokens and session cookies stop working, so they must sign in again everywhere. This cannot be undone.`,
          true,
          { name: who },
        ),
      ];
    }
    if (user.accountEnabled === false)
      return [
        step('disableUser', user.id, `The account of ${who} is already disabled; nothing to change.`, false, {
          name: who,
        }),
      ];
    return [
      step(
        'disableUser',
        user.id,
        `Disable the account of ${who} (accountEnabled: true → false): they can no longer sign in. Undo re-enables it.`,
        true,
        { name: who },
      ),
    ];
  }
}

const userPath = (idOrUpn: string) => graphPath`/users/${idOrUpn}`;
