import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { Alert } from '../../triage/alert.js';
import type { RemediationAction } from '../../triage/remediation/remediation-action.js';
import { inheritedExposure, type RemediationStep, type StepExecution } from '../../triage/remediation/remediator.js';
import { TriageError } from '../../triage/triage-error.js';
import type { GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { PERMISSIONS } from './graph-permissions.js';
import { assignSensitivityLabel, type MonitorPolling } from './sensitivity-label-assignment.js';
import { describeSharing, granteesOf, sharingPermissionSchema, shareIdOf, verdictOf } from './sharing-permission.js';

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
const extractedSchema = z.looseObject({
  labels: z.array(z.looseObject({ sensitivityLabelId: z.string().nullish() })).nullish(),
});
const retentionSchema = z.looseObject({ name: z.string().nullish() });

const files = (doing: string, notFound?: string): GraphOperation => ({
  doing,
  permission: PERMISSIONS.files,
  ...(notFound ? { notFound } : {}),
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
 * ids it was planned for, so a confirm acts on exactly that item.
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
    const fileName = item.name ?? name;
    switch (action) {
      case 'removeSharingLinks':
        return this.planUnshare(url, fileName, at);
      case 'applySensitivityLabel':
        return this.planSensitivity(url, fileName, at);
      case 'applyRetentionLabel':
        return this.planRetention(url, fileName, at);
      default:
        return [
          step(
            'deleteFile',
            url,
            `Delete ${fileName}: move it to the recycle bin of its site, where it can be restored (93 days by default). Its sharing links stop working.`,
            true,
            at,
          ),
        ];
    }
  }

  async execute(s: RemediationStep): Promise<StepExecution> {
    const item = itemPath(s.params ?? {});
    switch (s.kind) {
      case 'removeSharingLink':
        try {
          await this.graph.call(files('remove the sharing link'), (api) =>
            api(
              graphPath`/drives/${s.params?.driveId ?? ''}/items/${s.params?.itemId ?? ''}/permissions/${s.params?.permissionId ?? ''}`,
            ).delete(),
          );
          return { ok: true, message: 'Link removed.' };
        } catch (e) {
          if (e instanceof TriageError && e.code === 'not-found')
            return { ok: true, message: 'The link was already gone.' };
          throw e;
        }
      case 'setSensitivityLabel':
        return assignSensitivityLabel(this.graph, this.log, item, s.params ?? {}, this.options.monitor);
      case 'setRetentionLabel':
        await this.graph.call(files('apply the retention label'), (api) =>
          api(`${item}/retentionLabel`).patch({ name: s.params?.label }),
        );
        return {
          ok: true,
          message: `Label "${s.params?.label}" applied${s.params?.previousLabel ? ` (was "${s.params.previousLabel}")` : ''}.`,
        };
      default:
        await this.graph.call(files('delete the file', 'The file does not exist (any more).'), (api) =>
          api(item).delete(),
        );
        return { ok: true, message: 'Moved to the recycle bin.' };
    }
  }

  private async resolve(url: string): Promise<z.output<typeof driveItemSchema> | undefined> {
    const op = files('find the file');
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

  private async planUnshare(url: string, name: string, at: Record<string, string>): Promise<RemediationStep[]> {
    const op = files('list the sharing links of the file');
    const raws = await this.graph.all(op, this.graph.api(`${itemPath(at)}/permissions`));
    const steps: RemediationStep[] = [];
    for (const p of raws.map((r) => this.graph.parse(op, sharingPermissionSchema, r))) {
      const verdict = verdictOf(p);
      const what = describeSharing(p);
      const params = { ...at, permissionId: p.id };
      if (verdict.kind === 'remove') steps.push(step('removeSharingLink', url, `Remove the ${what}.`, true, params));
      if (verdict.kind === 'keep')
        steps.push(step('removeSharingLink', url, `Keep the ${what}: ${verdict.reason}.`, false, params));
      if (verdict.kind === 'inherited') {
        const exposure = inheritedExposure(
          p.link?.scope === 'anonymous',
          granteesOf(p).some((g) => g.external),
        );
        steps.push({
          ...step(
            'removeSharingLink',
            url,
            `Cannot remove the ${what}: it is inherited from the folder ${verdict.from}, and can only be removed there.`,
            false,
            params,
          ),
          ...(exposure ? { exposure } : {}),
        });
      }
    }
    return steps.length > 0
      ? steps
      : [step('removeSharingLink', url, `${name} has no sharing links; nothing to remove.`, false, at)];
  }

  private async planSensitivity(url: string, name: string, at: Record<string, string>): Promise<RemediationStep[]> {
    const label = this.options.sensitivityLabel;
    if (!label)
      return [
        step(
          'setSensitivityLabel',
          url,
          'No sensitivity label is configured for this action (REMEDIATION_SENSITIVITY_LABEL_ID); nothing to apply.',
          false,
          at,
        ),
      ];
    const current = await this.currentSensitivityLabels(at);
    const params = {
      ...at,
      label: label.name,
      labelId: label.id,
      ...(current?.[0] ? { previousLabel: current[0] } : {}),
    };
    if (current?.includes(label.id))
      return [
        step(
          'setSensitivityLabel',
          url,
          `${name} already has the sensitivity label "${label.name}"; nothing to change.`,
          false,
          params,
        ),
      ];
    const description =
      current === undefined
        ? `Apply the sensitivity label "${label.name}" to ${name} (its current label could not be read).`
        : current.length === 0
          ? `Apply the sensitivity label "${label.name}" to ${name} (it has none now).`
          : `Replace the sensitivity label ${current[0]} on ${name} with "${label.name}" (a downgrade is refused without a justification).`;
    return [step('setSensitivityLabel', url, description, true, params)];
  }

  /**
   * Label ids on the file (extractSensitivityLabels: documented as read-through, it refreshes label metadata);
   * undefined when unreadable.
   */
  private async currentSensitivityLabels(at: Record<string, string>): Promise<string[] | undefined> {
    const op = files('read the sensitivity label of the file');
    const item = itemPath(at);
    try {
      const answer = await this.graph.call(op, (api) => api(`${item}/extractSensitivityLabels`).post(undefined));
      return (this.graph.parse(op, extractedSchema, answer).labels ?? []).flatMap((l) =>
        l.sensitivityLabelId ? [l.sensitivityLabelId] : [],
      );
    } catch (e) {
      if (e instanceof TriageError && (e.code === 'forbidden' || e.code === 'unavailable')) throw e;
      this.log.info(
        { err: e instanceof TriageError ? e.code : String(e) },
        'could not read the sensitivity label of a file; planning without it',
      );
      return undefined;
    }
  }

  private async planRetention(url: string, name: string, at: Record<string, string>): Promise<RemediationStep[]> {
    const label = this.options.retentionLabel;
    if (!label)
      return [
        step(
          'setRetentionLabel',
          url,
          'No retention label is configured for this action (REMEDIATION_RETENTION_LABEL); nothing to apply.',
          false,
          at,
        ),
      ];
    const op = files('read the retention label of the file');
    let current: string | undefined;
    const item = itemPath(at);
    try {
      current =
        this.graph.parse(op, retentionSchema, await this.graph.call(op, (api) => api(`${item}/retentionLabel`).get()))
          .name ?? undefined;
    } catch (e) {
      if (!(e instanceof TriageError && e.code === 'not-found')) throw e;
    }
    if (current === label)
      return [
        step(
          'setRetentionLabel',
          url,
          `${name} already has the retention label "${label}"; nothing to change.`,
          false,
          { ...at, label },
        ),
      ];
    const description = current
      ? `Replace the retention label "${current}" on ${name} with "${label}".`
      : `Apply the retention label "${label}" to ${name} (it has none now).`;
    return [
      step('setRetentionLabel', url, description, true, {
        ...at,
        label,
        ...(current ? { previousLabel: current } : {}),
      }),
    ];
  }
}

/** `/drives/{driveId}/items/{itemId}`; missing or dot-segment ids are refused (graph-path.ts). */
const itemPath = (at: Record<string, string | undefined>) =>
  graphPath`/drives/${at.driveId ?? ''}/items/${at.itemId ?? ''}`;

/** The file's URL: `additionalData.fileUrl`, else the evidence folder URL plus the file name. */
export function fileUrlOf(alert: Alert): string | undefined {
  if (alert.file?.url && /^https:\/\//i.test(alert.file.url)) return alert.file.url;
  const path = alert.file?.path;
  return path && alert.file && /^https:\/\//i.test(path) ? `${path.replace(/\/+$/, '')}/${alert.file.name}` : undefined;
}

function step(
  kind: RemediationStep['kind'],
  target: string,
  description: string,
  executable: boolean,
  params?: Record<string, string>,
): RemediationStep {
  return { kind, target, description, executable, ...(params ? { params } : {}) };
}
