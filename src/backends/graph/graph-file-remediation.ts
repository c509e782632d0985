import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { Alert } from '../../triage/alert.js';
import type { RemediationAction } from '../../triage/remediation/remediation-action.js';
import type { RemediationStep, StepExecution } from '../../triage/remediation/remediator.js';
import { TriageError } from '../../triage/triage-error.js';
import { remediationStep as step } from '../remediation-step.js';
import { driveItemPath, fileOperation } from './drive-item-path.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { applyRetentionLabel, planRetentionLabel } from './retention-label-steps.js';
import { assignSensitivityLabel, type MonitorPolling } from './sensitivity-label-assignment.js';
import { planSensitivityLabel } from './sensitivity-label-plan.js';
import { planSharingLinkRemoval, removeSharingLink } from './sharing-link-steps.js';
import { shareIdOf } from './sharing-permission.js';

export interface FileRemediationOptions {
  /** The label applySensitivityLabel assigns (REMEDIATION_SENSITIVITY_LABEL_ID / _LABEL). */
  sensitivityLabel?: { id: string; name: string };
  /** The retention label applyRetentionLabel sets, by name (REMEDIATION_RETENTION_LABEL). */
  retentionLabel?: string;
  /** How the assignSensitivityLabel monitor URL is polled: a bounded number of times. */
  monitor?: MonitorPolling;
}

const driveItemSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().nullish(),
  parentReference: z.looseObject({ driveId: z.string().min(1) }),
});

const KIND: Record<string, RemediationStep['kind']> = {
  removeSharingLinks: 'removeSharingLink',
  applySensitivityLabel: 'setSensitivityLabel',
  applyRetentionLabel: 'setRetentionLabel',
  deleteFile: 'deleteFile',
};

/**
 * File remediations over OneDrive/SharePoint through Graph: the alert's file URL is resolved to a
 * driveItem (`/shares/u!…/driveItem`) when the plan is made, and every step carries the drive and item
 * ids it was planned for, so a confirm acts on exactly that item. Sharing links
 * (sharing-link-steps.ts) and labels (sensitivity-label-*.ts, retention-label-steps.ts) have their own
 * steps; deletion is here.
 */
export class GraphFileRemediation {
  constructor(
    private readonly graph: GraphGateway,
    private readonly log: Logger,
    private readonly options: FileRemediationOptions,
  ) {}

  async plan(alert: Alert, action: RemediationAction): Promise<RemediationStep[]> {
    const kind = KIND[action]!;
    const url = fileUrlOf(alert);
    const name = alert.file?.name ?? 'The file';
    if (!url)
      return [
        step(
          kind,
          name,
          `The alert does not say where ${name} is stored, so there is nothing DLP Triage can change.`,
          false,
        ),
      ];
    const item = await this.resolve(url);
    if (!item) return [step(kind, url, `${name} is no longer at ${url} (deleted or moved); nothing to change.`, false)];
    const at = { driveId: item.parentReference.driveId, itemId: item.id };
    const target = { url, name: item.name ?? name, at };
    switch (action) {
      case 'removeSharingLinks':
        return planSharingLinkRemoval(this.graph, url, target.name, at);
      case 'applySensitivityLabel':
        return planSensitivityLabel(this.graph, this.log, this.options.sensitivityLabel, target);
      case 'applyRetentionLabel':
        return planRetentionLabel(this.graph, this.options.retentionLabel, target);
      default:
        return [
          step(
            'deleteFile',
            url,
            `Delete ${target.name}: move it to the recycle bin of its site, where it can be restored (93 days by default). Its sharing links stop working.`,
            true,
            at,
          ),
        ];
    }
  }

  async execute(s: RemediationStep): Promise<StepExecution> {
    const item = driveItemPath(s.params ?? {});
    switch (s.kind) {
      case 'removeSharingLink':
        return removeSharingLink(this.graph, s.params);
      case 'setSensitivityLabel':
        return assignSensitivityLabel(this.graph, this.log, item, s.params ?? {}, this.options.monitor);
      case 'setRetentionLabel':
        return applyRetentionLabel(this.graph, item, s.params);
      default:
        await this.graph.call(fileOperation('delete the file', 'The file does not exist (any more).'), (api) =>
          api(item).delete(),
        );
        return { ok: true, message: 'Moved to the recycle bin.' };
    }
  }

  private async resolve(url: string): Promise<z.output<typeof driveItemSchema> | undefined> {
    const op = fileOperation('find the file');
    try {
      const answer = await this.graph.call(op, (api) =>
        api(graphPath`/shares/${shareIdOf(url)}/driveItem`)
          .query('$select=id,name,parentReference')
          .get(),
      );
      return this.graph.parse(op, driveItemSchema, answer);
    } catch (e) {
      if (e instanceof TriageError && e.code === 'not-found') return undefined;
      throw e;
    }
  }
}

/** The file's URL: `additionalData.fileUrl`, else the evidence folder URL plus the file name. */
export function fileUrlOf(alert: Alert): string | undefined {
  if (alert.file?.url && /^https:\/\//i.test(alert.file.url)) return alert.file.url;
  const path = alert.file?.path;
  return path && alert.file && /^https:\/\//i.test(path) ? `${path.replace(/\/+$/, '')}/${alert.file.name}` : undefined;
}
