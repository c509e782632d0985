import type { RemediationStep, StepExecution } from '../../triage/remediation/remediator.js';
import { inheritedExposure } from '../../triage/remediation/remediator.js';
import { TriageError } from '../../triage/triage-error.js';
import { remediationStep as step } from '../remediation-step.js';
import { driveItemPath, fileOperation, type DriveItemAt } from './drive-item-path.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { describeSharing, granteesOf, sharingPermissionSchema, verdictOf } from './sharing-permission.js';

/**
 * One step per sharing permission of the file: links that expose it are removed, the others are kept or
 * (inherited from a folder) cannot be removed here, with the exposure that stays.
 */
export async function planSharingLinkRemoval(
  graph: GraphGateway,
  url: string,
  name: string,
  at: DriveItemAt,
): Promise<RemediationStep[]> {
  const op = fileOperation('list the sharing links of the file');
  const raws = await graph.all(op, graph.api(`${driveItemPath(at)}/permissions`));
  const steps: RemediationStep[] = [];
  for (const p of raws.map((r) => graph.parse(op, sharingPermissionSchema, r))) {
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

/** Deletes the permission the step names; one already gone counts as removed. */
export async function removeSharingLink(
  graph: GraphGateway,
  params: Record<string, string> | undefined,
): Promise<StepExecution> {
  try {
    await graph.call(fileOperation('remove the sharing link'), (api) =>
      api(
        graphPath`/drives/${params?.driveId ?? ''}/items/${params?.itemId ?? ''}/permissions/${params?.permissionId ?? ''}`,
      ).delete(),
    );
    return { ok: true, message: 'Link removed.' };
  } catch (e) {
    if (e instanceof TriageError && e.code === 'not-found') return { ok: true, message: 'The link was already gone.' };
    throw e;
  }
}
