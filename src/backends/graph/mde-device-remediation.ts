import { z } from 'zod';
import type { Alert } from '../../triage/alert.js';
import type { RemediationStep, StepExecution } from '../../triage/remediation/remediator.js';
import { TriageError } from '../../triage/triage-error.js';
import type { GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { PERMISSIONS } from './graph-permissions.js';

const machineSchema = z.looseObject({ id: z.string().min(1), computerDnsName: z.string().nullish() });
const actionSchema = z.looseObject({
  id: z.string().nullish(),
  type: z.string().nullish(),
  status: z.string().nullish(),
  creationDateTimeUtc: z.string().nullish(),
  lastUpdateDateTimeUtc: z.string().nullish(),
});

const read = (doing: string): GraphOperation => ({
  doing,
  permission: PERMISSIONS.machinesRead,
  notFound: 'Defender for Endpoint does not know this device.',
});
const isolate = (doing: string): GraphOperation => ({
  doing,
  permission: PERMISSIONS.machinesIsolate,
  notFound: 'Defender for Endpoint does not know this device.',
});
const LIVE = new Set(['Pending', 'InProgress', 'Succeeded']);

/**
 * Device isolation through the Defender for Endpoint API (its own host and token audience,
 * graph-api.md §4). The plan reads the machine and its latest isolate/release action live; the
 * machine id is the device evidence's `mdeDeviceId`.
 */
export class MdeDeviceRemediation {
  constructor(private readonly mde: GraphGateway) {}

  async plan(alert: Alert): Promise<RemediationStep[]> {
    const id = alert.device?.mdeDeviceId;
    const shown = alert.device?.name ?? 'the device';
    if (!id)
      return [
        step(shown, `Defender for Endpoint cannot isolate ${shown}: the alert carries no machine id.`, false, {
          name: shown,
        }),
      ];
    let machine: z.output<typeof machineSchema>;
    try {
      machine = this.mde.parse(
        read('read the device'),
        machineSchema,
        await this.mde.call(read('read the device'), (api) => api(graphPath`/machines/${id}`).get()),
      );
    } catch (e) {
      if (e instanceof TriageError && e.code === 'not-found')
        return [step(id, `Defender for Endpoint does not know ${shown}; nothing to isolate.`, false, { name: shown })];
      throw e;
    }
    const name = machine.computerDnsName ?? shown;
    const latest = await this.latestIsolationAction(id);
    if (latest?.type === 'Isolate') {
      const since = latest.lastUpdateDateTimeUtc ?? latest.creationDateTimeUtc ?? 'unknown';
      const what =
        latest.status === 'Succeeded'
          ? `is already isolated (since ${since})`
          : `has an isolation request pending (since ${since})`;
      return [step(id, `${name} ${what}; nothing to change.`, false, { name })];
    }
    return [
      step(
        id,
        `Isolate ${name} from the network (full isolation: only the Defender for Endpoint service stays connected). Undo releases it.`,
        true,
        { name },
      ),
    ];
  }

  async execute(s: RemediationStep): Promise<StepExecution> {
    const release = s.kind === 'releaseDevice';
    const op = isolate(release ? 'release the device from isolation' : 'isolate the device');
    const body = release
      ? { Comment: 'Released by DLP Triage (undo in Teams).' }
      : { Comment: 'Isolated by DLP Triage while remediating a DLP alert.', IsolationType: 'Full' };
    const answer = await this.mde.call(op, (api) =>
      api(release ? graphPath`/machines/${s.target}/unisolate` : graphPath`/machines/${s.target}/isolate`).post(body),
    );
    const action = actionSchema.safeParse(answer);
    const a = action.success ? action.data : undefined;
    const status = a?.status ? ` (Defender for Endpoint action${a.id ? ` ${a.id}` : ''}: ${a.status})` : '';
    return {
      ok: true,
      message: release
        ? `Release from isolation requested${status}; it applies when the device next checks in.`
        : `Isolation requested${status}; it applies when the device next checks in.`,
    };
  }

  /** The newest isolate or release action that is not failed, cancelled or timed out. */
  private async latestIsolationAction(machineId: string): Promise<z.output<typeof actionSchema> | undefined> {
    const op = read('read the isolation state of the device');
    const filter = encodeURIComponent(`machineId eq '${machineId.replace(/'/g, "''")}'`);
    const page = await this.mde.page(op, this.mde.api('/machineactions').query(`$filter=${filter}`));
    return page.value
      .map((a) => actionSchema.safeParse(a))
      .flatMap((r) => (r.success ? [r.data] : []))
      .filter((a) => (a.type === 'Isolate' || a.type === 'Unisolate') && LIVE.has(a.status ?? ''))
      .sort((a, b) => (b.creationDateTimeUtc ?? '').localeCompare(a.creationDateTimeUtc ?? ''))[0];
  }
}

function step(
  target: string,
  description: string,
  executable: boolean,
  params: Record<string, string>,
): RemediationStep {
  return { kind: 'isolateDevice', target, description, executable, params };
}
