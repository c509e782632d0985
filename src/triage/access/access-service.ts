import type { Alert } from '../alert.js';
import type { AuditSink, Directory } from '../ports.js';
import { TriageError, type TriageErrorData, isTriageError } from '../triage-error.js';
import {
  decide,
  scopeHolding,
  type AlertScope,
  type Decision,
  type EffectiveGrant,
  type Scope,
} from './access-decision.js';
import type { AccessPolicy, PolicyGrant } from './access-policy.js';
import { GrantsMemo, type ResolvedGrants } from './grants-memo.js';
import { PERMISSIONS, type Permission } from './permissions.js';

/** The person asking, as the activity identifies them. */
export interface Requester {
  id: string;
  name?: string;
}

const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';

const DOING: Record<Permission, string> = {
  'alert.view': 'see',
  'alert.details': 'see the details of',
  'alert.viewContent': 'see the matched content of',
  'alert.assign': 'assign',
  'alert.comment': 'comment on',
  'alert.classify': 'classify',
  'alert.setStatus': 'change the status of',
  'alert.share': 'share',
  'alert.investigate': 'investigate',
  'alert.remediate.user': 'remediate the user of',
  'alert.remediate.file': 'remediate the file of',
  'alert.remediate.device': 'remediate the device of',
  'alert.remediate.undoAny': "undo other people's remediations of",
  'digest.receive': 'receive digests',
  'channel.manage': 'manage triage channels and routes',
};

/**
 * Applies the access model on the server: resolves a requester's grants (policy × transitive groups),
 * the alert's scope (its subject's administrative units), decides, and audits every refusal. When the
 * directory cannot answer, it fails closed.
 */
export class AccessService {
  private readonly memo = new GrantsMemo();

  constructor(
    private readonly directory: Directory,
    private readonly policy: () => AccessPolicy,
    private readonly audit: AuditSink,
  ) {}

  /** The grants that apply to a user right now. */
  async grantsOf(userId: string): Promise<PolicyGrant[]> {
    return [...(await this.resolved(userId)).grants];
  }

  /** The scope of an alert: its subject's administrative units, or unresolved. */
  async scopeOf(alert: Alert): Promise<AlertScope> {
    const subject = alert.subject?.id;
    if (!subject) return 'unresolved';
    const units = await this.ask(() => this.directory.administrativeUnitsOf(subject));
    return { units };
  }

  /** Every permission the requester holds on this alert (for choosing which buttons to show). */
  async permissionsOn(requester: Requester, alert: Alert): Promise<Set<Permission>> {
    const [grants, scope] = await Promise.all([this.effectiveGrants(requester.id), this.scopeOf(alert)]);
    return new Set(PERMISSIONS.filter((p) => decide(grants, p, scope).allow));
  }

  /**
   * Throws unless the requester may use `permission` (on `alert` when given), and audits the refusal.
   * An alert the requester may not even see is answered exactly like one that does not exist.
   */
  async authorize(requester: Requester, permission: Permission, alert?: Alert): Promise<void> {
    let grants: readonly EffectiveGrant[];
    let scope: AlertScope | undefined;
    try {
      grants = await this.effectiveGrants(requester.id);
      scope = alert ? await this.scopeOf(alert) : undefined;
    } catch (e) {
      // Failing closed is a refusal too, and refusals are audited.
      if (isTriageError(e)) await this.refuse(requester, permission, alert?.id, e.userMessage);
      throw e;
    }
    if (alert && !decide(grants, 'alert.view', scope).allow) {
      await this.refuse(requester, permission, alert.id, 'cannot see the alert');
      throw new TriageError('not-found', NOT_FOUND);
    }
    const decision = decide(grants, permission, scope);
    if (decision.allow) return;
    const message = this.explain(permission, decision, scope);
    await this.refuse(requester, permission, alert?.id, message);
    throw new TriageError('forbidden', message, refusalText(permission, decision, scope));
  }

  /** May this person use `permission` on the alert? No audit: for decisions about third parties (assignees). */
  async can(userId: string, permission: Permission, alert: Alert): Promise<boolean> {
    const [grants, scope] = await Promise.all([this.effectiveGrants(userId), this.scopeOf(alert)]);
    return decide(grants, permission, scope).allow;
  }

  /** `can` for several people at once (the alert's scope resolved once), in the order given. No audit. */
  async whoCan(userIds: readonly string[], permission: Permission, alert: Alert): Promise<boolean[]> {
    const scope = await this.scopeOf(alert);
    return Promise.all(userIds.map(async (id) => decide(await this.effectiveGrants(id), permission, scope).allow));
  }

  /**
   * Where the requester may use `permission` (for permissions not about one alert, such as channel.manage). No audit.
   */
  async scopeFor(requester: Requester, permission: Permission): Promise<Scope> {
    return scopeHolding(await this.effectiveGrants(requester.id), permission);
  }

  /** Does the requester hold `permission` anywhere (any scope)? No audit: for display only. */
  async holdsAnywhere(requester: Requester, permission: Permission): Promise<boolean> {
    return decide(await this.effectiveGrants(requester.id), permission).allow;
  }

  private async effectiveGrants(userId: string): Promise<readonly EffectiveGrant[]> {
    return (await this.resolved(userId)).effective;
  }

  /** The policy as it is now, for the user's groups as the (cached) directory answers now. */
  private async resolved(userId: string): Promise<ResolvedGrants> {
    const groups = await this.ask(() => this.directory.groupsOf(userId));
    return this.memo.of(this.policy(), userId, groups);
  }

  private explain(
    permission: Permission,
    decision: Exclude<Decision, { allow: true }>,
    scope: AlertScope | undefined,
  ): string {
    const roles =
      decision.roles.length > 1
        ? `the ${decision.roles[0]} role (or ${decision.roles.slice(1).join(', ')})`
        : `the ${decision.roles[0]} role`;
    const what = DOING[permission];
    if (decision.reason === 'no-role' || !scope)
      return `You need ${roles} to ${what} ${scope ? 'this alert' : ''}`.trim() + '.';
    const where =
      scope === 'unresolved' || scope.units.length === 0
        ? 'with an unrestricted scope for alerts whose user is in no administrative unit'
        : `for alerts in AU ${scope.units.map((u) => u.displayName).join(' or ')}`;
    return `You need ${roles} ${where} to ${what} this alert.`;
  }

  private async refuse(
    requester: Requester,
    permission: Permission,
    alertId: string | undefined,
    reason: string,
  ): Promise<void> {
    await this.audit.append({
      actor: { id: requester.id, name: requester.name },
      action: permission,
      alertId,
      outcome: 'denied',
      reason,
    });
  }

  /** Directory failures become one clear, fail-closed answer. */
  private async ask<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isTriageError(e)) throw e;
      throw new TriageError(
        'unavailable',
        'I cannot verify your access right now (the directory did not answer), so nothing was done. Try again in a minute.',
        { cause: e },
      );
    }
  }
}

/** The catalogue message (src/i18n `errors.needRole*`) that says what `explain` says, for other languages. */
function refusalText(
  permission: Permission,
  decision: Exclude<Decision, { allow: true }>,
  scope: AlertScope | undefined,
): { key: string; data: TriageErrorData } {
  const [role = '', ...others] = decision.roles;
  const data = { permission, role, others, more: others.length };
  if (decision.reason === 'no-role' || !scope) return { key: 'errors.needRole', data };
  if (scope === 'unresolved' || scope.units.length === 0) return { key: 'errors.needRoleUnrestricted', data };
  return { key: 'errors.needRoleInUnits', data: { ...data, units: scope.units.map((u) => u.displayName) } };
}
