import { promises as fs } from 'node:fs';
import { Low } from 'lowdb';
import { PrivateJsonFile } from './private-json-file.js';
import type { Alert } from '../../triage/alert.js';
import type { Clock } from '../../triage/ports.js';
import { evidenceKindOf, type RemediationAction } from '../../triage/remediation/remediation-action.js';
import type { RemediationStep, Remediator, StepExecution } from '../../triage/remediation/remediator.js';
import { planFileSteps, removeLink, step } from './local-file-steps.js';
import {
  additionalDataOf,
  buildRemediationSeed,
  deriveEntries,
  deviceKey,
  fileKey,
  localRemediationStateSchema,
  mergeMissing,
  userKey,
  type LocalRemediationState,
} from './local-remediation-state.js';

export interface LocalRemediatorOptions {
  /** The label `applySensitivityLabel` sets (default "Highly Confidential"). */
  sensitivityLabel?: string;
  /** The label `applyRetentionLabel` sets (default "Finance - 7 years"). */
  retentionLabel?: string;
}

/**
 * The Remediator port over the local state file (`local-remediation.json`, lowdb), seeded from the
 * tenant's alerts when it does not exist and never replaced. Evidence that appeared later (demo alerts)
 * is added on first use. Operations run one at a time and re-read the file when it changed on disk, so
 * hand edits (say, a `simulatedFailure`) apply at once.
 */
export class LocalRemediator implements Remediator {
  private chain: Promise<unknown> = Promise.resolve();
  private mtimeMs = 0;
  private readonly labels: Required<LocalRemediatorOptions>;

  private constructor(
    private readonly db: Low<LocalRemediationState>,
    readonly file: string,
    private readonly rawAlerts: () => readonly unknown[],
    private readonly clock: Clock,
    options: LocalRemediatorOptions,
  ) {
    this.labels = {
      sensitivityLabel: options.sensitivityLabel ?? 'Highly Confidential',
      retentionLabel: options.retentionLabel ?? 'Finance - 7 years',
    };
  }

  /** Opens the state file, seeding it from `rawAlerts()` (Graph-shaped alerts) only if it does not exist. */
  static async open(
    file: string,
    rawAlerts: () => readonly unknown[],
    clock: Clock,
    options: LocalRemediatorOptions = {},
  ): Promise<LocalRemediator> {
    const exists = await fs.stat(file).then(
      () => true,
      () => false,
    );
    const db = new Low<LocalRemediationState>(new PrivateJsonFile<LocalRemediationState>(file), {
      schemaVersion: 1,
      users: {},
      files: {},
      devices: {},
    });
    const remediator = new LocalRemediator(db, file, rawAlerts, clock, options);
    if (!exists) {
      db.data = buildRemediationSeed(rawAlerts());
      await remediator.persist();
    }
    await remediator.reload();
    return remediator;
  }

  plan(alert: Alert, action: RemediationAction): Promise<RemediationStep[]> {
    return this.exclusive(async () => {
      const state = await this.fresh();
      const raw = this.rawAlerts().find((a) => (a as { id?: unknown } | null)?.id === alert.id);
      if (mergeMissing(state, deriveEntries(alert, additionalDataOf(raw)))) await this.persist();
      switch (evidenceKindOf(action)) {
        case 'user':
          return this.planUser(state, alert, action);
        case 'file':
          return this.planFile(state, alert, action);
        case 'device':
          return this.planDevice(state, alert);
      }
    });
  }

  execute(s: RemediationStep): Promise<StepExecution> {
    return this.exclusive(async () => {
      const result = this.apply(await this.fresh(), s);
      if (result.ok) await this.persist();
      return result;
    });
  }

  private planUser(state: LocalRemediationState, alert: Alert, action: RemediationAction): RemediationStep[] {
    const key = userKey(alert)!;
    const user = state.users[key]!;
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

  private planFile(state: LocalRemediationState, alert: Alert, action: RemediationAction): RemediationStep[] {
    const url = fileKey(alert)!;
    return planFileSteps(url, state.files[url]!, action, this.labels);
  }

  private planDevice(state: LocalRemediationState, alert: Alert): RemediationStep[] {
    const key = deviceKey(alert)!;
    const device = state.devices[key]!;
    if (device.isolated)
      return [
        step(
          'isolateDevice',
          key,
          `${device.name} is already isolated (since ${device.isolatedAt ?? 'unknown'}); nothing to change.`,
          false,
          { name: device.name },
        ),
      ];
    return [
      step(
        'isolateDevice',
        key,
        `Isolate ${device.name} from the network (full isolation: only the Defender for Endpoint service stays connected). Undo releases it.`,
        true,
        { name: device.name },
      ),
    ];
  }

  /** Performs one step on the in-memory state; a refusal leaves the state untouched. */
  private apply(state: LocalRemediationState, s: RemediationStep): StepExecution {
    const now = this.clock.now().toISOString();
    const fail = (message: string): StepExecution => ({ ok: false, message });
    switch (s.kind) {
      case 'disableUser':
      case 'enableUser':
      case 'revokeSessions': {
        const user = state.users[s.target];
        if (!user) return fail('The user does not exist in the directory.');
        if (user.simulatedFailure) return fail(user.simulatedFailure);
        if (s.kind === 'revokeSessions') {
          user.sessionsRevokedAt = now;
          return { ok: true, message: 'Sign-in sessions revoked (it can take a few minutes to apply everywhere).' };
        }
        const enable = s.kind === 'enableUser';
        const already = user.accountEnabled === enable;
        user.accountEnabled = enable;
        return {
          ok: true,
          message: already
            ? `The account was already ${enable ? 'enabled' : 'disabled'}.`
            : `Account ${enable ? 're-enabled' : 'disabled'}.`,
        };
      }
      case 'isolateDevice':
      case 'releaseDevice': {
        const device = state.devices[s.target];
        if (!device) return fail('Defender for Endpoint does not know this device.');
        if (device.simulatedFailure) return fail(device.simulatedFailure);
        device.isolated = s.kind === 'isolateDevice';
        device.isolatedAt = device.isolated ? now : null;
        return { ok: true, message: device.isolated ? 'Device isolated.' : 'Device released from isolation.' };
      }
      default: {
        const file = state.files[s.target];
        if (!file) return fail('The file does not exist (any more).');
        if (file.deletedAt) return fail('The file is in the recycle bin.');
        if (s.kind === 'removeSharingLink') return removeLink(file, s.params?.permissionId ?? '');
        if (file.simulatedFailure) return fail(file.simulatedFailure);
        if (s.kind === 'deleteFile') {
          file.deletedAt = now;
          return { ok: true, message: 'Moved to the recycle bin.' };
        }
        const label = s.params?.label ?? '';
        const field = s.kind === 'setSensitivityLabel' ? 'sensitivityLabel' : 'retentionLabel';
        const before = file[field];
        file[field] = label;
        return { ok: true, message: `Label "${label}" applied${before ? ` (was "${before}")` : ''}.` };
      }
    }
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async fresh(): Promise<LocalRemediationState> {
    const mtimeMs = (await fs.stat(this.file).catch(() => undefined))?.mtimeMs;
    if (mtimeMs !== undefined && mtimeMs !== this.mtimeMs) await this.reload();
    return this.db.data;
  }

  private async persist(): Promise<void> {
    await this.db.write();
    this.mtimeMs = (await fs.stat(this.file)).mtimeMs;
  }

  private async reload(): Promise<void> {
    try {
      await this.db.read();
    } catch (e) {
      throw new Error(
        `${this.file} is not valid JSON (${(e as Error).message}). Fix it, or move it away to start from fresh remediation state; it is never replaced automatically.`,
      );
    }
    const parsed = localRemediationStateSchema.safeParse(this.db.data);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new Error(
        `${this.file}: ${issue.path.join('.') || '(root)'} ${issue.message}. Fix it, or move the file away to start from fresh remediation state.`,
      );
    }
    this.db.data = parsed.data;
    this.mtimeMs = (await fs.stat(this.file)).mtimeMs;
  }
}
