import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { RemediationStep } from '../../triage/remediation/remediator.js';
import { TriageError } from '../../triage/triage-error.js';
import { remediationStep as step } from '../remediation-step.js';
import { driveItemPath, fileOperation, type DriveItemAt } from './drive-item-path.js';
import type { GraphGateway } from './graph-gateway.js';

const extractedSchema = z.looseObject({
  labels: z.array(z.looseObject({ sensitivityLabelId: z.string().nullish() })).nullish(),
});

/**
 * The step that gives the file the configured sensitivity label (none configured, or the file has it:
 * nothing to do). Executed by assignSensitivityLabel (sensitivity-label-assignment.ts).
 */
export async function planSensitivityLabel(
  graph: GraphGateway,
  log: Logger,
  label: { id: string; name: string } | undefined,
  target: { url: string; name: string; at: DriveItemAt },
): Promise<RemediationStep[]> {
  const { url, name, at } = target;
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
  const current = await currentSensitivityLabels(graph, log, at);
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
async function currentSensitivityLabels(
  graph: GraphGateway,
  log: Logger,
  at: DriveItemAt,
): Promise<string[] | undefined> {
  const op = fileOperation('read the sensitivity label of the file');
  const item = driveItemPath(at);
  try {
    const answer = await graph.call(op, (api) => api(`${item}/extractSensitivityLabels`).post(undefined));
    return (graph.parse(op, extractedSchema, answer).labels ?? []).flatMap((l) =>
      l.sensitivityLabelId ? [l.sensitivityLabelId] : [],
    );
  } catch (e) {
    if (e instanceof TriageError && (e.code === 'forbidden' || e.code === 'unavailable')) throw e;
    log.info(
      { err: e instanceof TriageError ? e.code : String(e) },
      'could not read the sensitivity label of a file; planning without it',
    );
    return undefined;
  }
}
