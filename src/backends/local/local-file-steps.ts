import type { RemediationAction } from '../../triage/remediation/remediation-action.js';
import { inheritedExposure, type RemediationStep, type StepExecution } from '../../triage/remediation/remediator.js';
import { remediationStep as step } from '../remediation-step.js';
import { isExternal, type LocalFileState, type SharingLink } from './local-remediation-state.js';

/** The steps of a file action on the local state: one per link for unsharing, else one. */
export function planFileSteps(
  url: string,
  file: LocalFileState,
  action: RemediationAction,
  labels: { sensitivityLabel: string; retentionLabel: string },
): RemediationStep[] {
  if (file.deletedAt)
    return [
      step(
        'deleteFile',
        url,
        `${file.name} is already in the recycle bin (deleted ${file.deletedAt}); nothing to change.`,
        false,
      ),
    ];
  switch (action) {
    case 'removeSharingLinks':
      if (file.links.length === 0)
        return [step('removeSharingLink', url, `${file.name} has no sharing links; nothing to remove.`, false)];
      return file.links.map((l) => linkStep(url, l));
    case 'applySensitivityLabel':
      return [
        labelStep('setSensitivityLabel', 'sensitivity', url, file, file.sensitivityLabel, labels.sensitivityLabel),
      ];
    case 'applyRetentionLabel':
      return [labelStep('setRetentionLabel', 'retention', url, file, file.retentionLabel, labels.retentionLabel)];
    default:
      return [
        step(
          'deleteFile',
          url,
          `Delete ${file.name}: move it to the recycle bin of ${file.siteUrl}, where it can be restored for 93 days. Its sharing links stop working.`,
          true,
        ),
      ];
  }
}

/**
 * Anyone links and links to people outside the tenant go; organization-only and internal links stay; inherited ones
 * cannot go here.
 */
function linkStep(fileUrl: string, l: SharingLink): RemediationStep {
  const params = { permissionId: l.id };
  const kind =
    l.scope === 'anonymous'
      ? `anyone-with-the-link ${l.type} link`
      : l.scope === 'organization'
        ? `organization-only ${l.type} link`
        : `specific-people ${l.type} link for ${l.grantees.join(', ')}`;
  if (l.inheritedFrom) {
    const inherited = step(
      'removeSharingLink',
      fileUrl,
      `Cannot remove the ${kind} ${l.webUrl}: it is inherited from the folder ${l.inheritedFrom}, and can only be removed there.`,
      false,
      params,
    );
    const exposure = inheritedExposure(l.scope === 'anonymous', l.scope === 'users' && l.grantees.some(isExternal));
    return exposure ? { ...inherited, exposure } : inherited;
  }
  if (l.scope === 'organization' || (l.scope === 'users' && !l.grantees.some(isExternal))) {
    return step(
      'removeSharingLink',
      fileUrl,
      `Keep the ${kind} ${l.webUrl}: only people in your organization can use it.`,
      false,
      params,
    );
  }
  return step('removeSharingLink', fileUrl, `Remove the ${kind} ${l.webUrl}.`, true, params);
}

function labelStep(
  kind: 'setSensitivityLabel' | 'setRetentionLabel',
  what: string,
  url: string,
  file: LocalFileState,
  current: string | null,
  target: string,
): RemediationStep {
  if (current === target)
    return step(kind, url, `${file.name} already has the ${what} label "${target}"; nothing to change.`, false, {
      label: target,
    });
  const description = current
    ? `Replace the ${what} label "${current}" on ${file.name} with "${target}".`
    : `Apply the ${what} label "${target}" to ${file.name} (it has none now).`;
  return step(kind, url, description, true, current ? { label: target, previousLabel: current } : { label: target });
}

/** Performs a file step on the in-memory state (persisted by the caller); a refusal changes nothing. */
export function applyFileStep(file: LocalFileState | undefined, s: RemediationStep, now: string): StepExecution {
  if (!file) return { ok: false, message: 'The file does not exist (any more).' };
  if (file.deletedAt) return { ok: false, message: 'The file is in the recycle bin.' };
  if (s.kind === 'removeSharingLink') return removeLink(file, s.params?.permissionId ?? '');
  if (file.simulatedFailure) return { ok: false, message: file.simulatedFailure };
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

/** Removes one link of a file; inherited and failing links stay. */
function removeLink(file: LocalFileState, permissionId: string): StepExecution {
  const link = file.links.find((l) => l.id === permissionId);
  if (!link) return { ok: true, message: 'The link was already gone.' };
  if (link.inheritedFrom)
    return { ok: false, message: `The link is inherited from ${link.inheritedFrom}; remove it there.` };
  if (link.simulatedFailure) return { ok: false, message: link.simulatedFailure };
  file.links = file.links.filter((l) => l !== link);
  return { ok: true, message: 'Link removed.' };
}
