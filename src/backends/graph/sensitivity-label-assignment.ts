import { ResponseType } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { StepExecution } from '../../triage/remediation/remediator.js';
import { describeGraphFailure, toTriageError, type GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { PERMISSIONS } from './graph-permissions.js';

/** How often, and how many times at most, the label job's monitor URL is polled. */
export interface MonitorPolling {
  intervalMs: number;
  maxPolls: number;
}

/** The long-running-action status Graph documents for driveItem copy; assumed the same here (unconfirmed). */
const monitorSchema = z.looseObject({ status: z.string(), percentageComplete: z.number().nullish() });
const DEFAULT_POLLING: MonitorPolling = { intervalMs: 1_000, maxPolls: 8 };

/**
 * `POST {item}/assignSensitivityLabel` (graph-api.md §4): 202 with a monitor URL in `Location`, which
 * is polled without a token, a bounded number of times; still running after that is reported as
 * accepted. A 4xx (423 Locked with its reason, 403 with the permission) is `ok: false`; no answer or a
 * 5xx throws `unavailable` (outcome unknown). `params`: `labelId` to assign and `label`, its name.
 */
export async function assignSensitivityLabel(
  graph: GraphGateway,
  log: Logger,
  item: string,
  params: Record<string, string>,
  polling: MonitorPolling = DEFAULT_POLLING,
): Promise<StepExecution> {
  const op: GraphOperation = { doing: 'apply the sensitivity label', permission: PERMISSIONS.files };
  const body = {
    sensitivityLabelId: params.labelId,
    assignmentMethod: 'standard',
    justificationText: 'Applied by DLP Triage while remediating a DLP alert.',
  };
  const res = (await graph.call(op, (api) =>
    api(`${item}/assignSensitivityLabel`).responseType(ResponseType.RAW).post(body),
  )) as Response;
  if (!res.ok) {
    const failure = describeGraphFailure({
      statusCode: res.status,
      body: await res.text().catch(() => ''),
      headers: res.headers,
    });
    log.warn(
      { graph: { doing: op.doing, status: failure.status, code: failure.code, requestId: failure.requestId } },
      'graph operation failed',
    );
    const error = toTriageError(failure, op);
    if (error.code === 'unavailable') throw error;
    return { ok: false, message: error.userMessage };
  }
  const location = res.headers.get('Location');
  if (!location)
    return {
      ok: true,
      message: `Label "${params.label}" assignment accepted; SharePoint applies it in the background.`,
    };
  for (let poll = 0; poll < polling.maxPolls; poll++) {
    await new Promise((r) => setTimeout(r, polling.intervalMs));
    const status = await monitorStatus(location, log);
    if (status === 'completed') return { ok: true, message: `Label "${params.label}" applied.` };
    if (status === 'failed')
      return {
        ok: false,
        message: `SharePoint could not apply the label "${params.label}" (the label job failed). Check the file and try again.`,
      };
  }
  return {
    ok: true,
    message: `Label "${params.label}" assignment accepted and still running after ${Math.round((polling.intervalMs * polling.maxPolls) / 1000)} s; check the file in a few minutes.`,
  };
}

/**
 * One poll of the monitor URL (a SharePoint host: no Graph token is sent); undefined when it did not answer usefully.
 */
async function monitorStatus(location: string, log: Logger): Promise<string | undefined> {
  try {
    const res = await fetch(location, { signal: AbortSignal.timeout(10_000) });
    const parsed = monitorSchema.safeParse(await res.json());
    return parsed.success ? parsed.data.status : undefined;
  } catch (e) {
    log.info({ err: (e as Error).name }, 'sensitivity label monitor did not answer; polling again');
    return undefined;
  }
}
