import { z } from 'zod';
import type { RemediationStep, StepExecution } from '../../triage/remediation/remediator.js';
import { TriageError } from '../../triage/triage-error.js';
import { remediationStep as step } from '../remediation-step.js';
import { driveItemPath, fileOperation, type DriveItemAt } from './drive-item-path.js';
import type { GraphGateway } from './graph-gateway.js';

const retentionSchema = z.looseObject({ name: z.string().nullish() });

/** The step that gives the file the configured retention label (none configured, or it has it: nothing to do). */
export async function planRetentionLabel(
  graph: GraphGateway,
  label: string | undefined,
  target: { url: string; name: string; at: DriveItemAt },
): Promise<RemediationStep[]> {
  const { url, name, at } = target;
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
  const op = fileOperation('read the retention label of the file');
  let current: string | undefined;
  const item = driveItemPath(at);
  try {
    current =
      graph.parse(op, retentionSchema, await graph.call(op, (api) => api(`${item}/retentionLabel`).get())).name ??
      undefined;
  } catch (e) {
    if (!(e instanceof TriageError && e.code === 'not-found')) throw e;
  }
  if (current === label)
    return [
      step('setRetentionLabel', url, `${name} already has the retention label "${label}"; nothing to change.`, false, {
        ...at,
        label,
      }),
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

/** Sets the retention label the step names on `item` (driveItemPath of the ids it was planned for). */
export async function applyRetentionLabel(
  graph: GraphGateway,
  item: string,
  params: Record<string, string> | undefined,
): Promise<StepExecution> {
  await graph.call(fileOperation('apply the retention label'), (api) =>
    api(`${item}/retentionLabel`).patch({ name: params?.label }),
  );
  return {
    ok: true,
    message: `Label "${params?.label}" applied${params?.previousLabel ? ` (was "${params.previousLabel}")` : ''}.`,
  };
}
