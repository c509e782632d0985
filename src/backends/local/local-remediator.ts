import type { Alert } from '../../triage/alert.js';
import type { Clock } from '../../triage/ports.js';
import { evidenceKindOf, type RemediationAction } from '../../triage/remediation/remediation-action.js';
import type { RemediationStep, Remediator, StepExecution } from '../../triage/remediation/remediator.js';
import { applyDeviceStep, planDeviceSteps } from './local-device-steps.js';
import { applyFileStep, planFileSteps } from './local-file-steps.js';
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
import { LocalStateFile } from './local-state-file.js';
import { applyUserStep, planUserSteps } from './local-user-steps.js';

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
  private readonly labels: Required<LocalRemediatorOptions>;

  private constructor(
    private readonly state: LocalStateFile<LocalRemediationState>,
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
    const state = await LocalStateFile.open<LocalRemediationState>(file, {
      empty: { schemaVersion: 1, users: {}, files: {}, devices: {} },
      seed: () => buildRemediationSeed(rawAlerts()),
      schema: localRemediationStateSchema,
      startOver: 'fresh remediation state',
    });
    return new LocalRemediator(state, rawAlerts, clock, options);
  }

  /** The state file. */
  get file(): string {
    return this.state.file;
  }

  plan(alert: Alert, action: RemediationAction): Promise<RemediationStep[]> {
    return this.state.exclusive(async () => {
      const state = await this.fresh();
      const raw = this.rawAlerts().find((a) => (a as { id?: unknown } | null)?.id === alert.id);
      if (mergeMissing(state, deriveEntries(alert, additionalDataOf(raw)))) await this.state.persist();
      switch (evidenceKindOf(action)) {
        case 'user': {
          const key = userKey(alert)!;
          return planUserSteps(key, state.users[key]!, action);
        }
        case 'file': {
          const url = fileKey(alert)!;
          return planFileSteps(url, state.files[url]!, action, this.labels);
        }
        case 'device': {
          const key = deviceKey(alert)!;
          return planDeviceSteps(key, state.devices[key]!);
        }
      }
    });
  }

  execute(s: RemediationStep): Promise<StepExecution> {
    return this.state.exclusive(async () => {
      const result = this.apply(await this.fresh(), s);
      if (result.ok) await this.state.persist();
      return result;
    });
  }

  /** Performs one step on the in-memory state; a refusal leaves the state untouched. */
  private apply(state: LocalRemediationState, s: RemediationStep): StepExecution {
    const now = this.clock.now().toISOString();
    switch (s.kind) {
      case 'disableUser':
      case 'enableUser':
      case 'revokeSessions':
        return applyUserStep(state.users[s.target], s.kind, now);
      case 'isolateDevice':
      case 'releaseDevice':
        return applyDeviceStep(state.devices[s.target], s.kind, now);
      default:
        return applyFileStep(state.files[s.target], s, now);
    }
  }

  private async fresh(): Promise<LocalRemediationState> {
    await this.state.reloadIfChanged();
    return this.state.data;
  }
}
