import { createHash, randomUUID } from 'node:crypto';
import { isExternal, type LocalRemediationState } from '../../src/backends/local/local-remediation-state.js';
import type { UserState } from './graph-emulator-directory.js';
import { bad, EmuError, notFound, requireBody, type Route } from './graph-emulator-types.js';

/** A file as the emulator's OneDrive/SharePoint holds it. */
export interface EmuFile {
  url: string;
  driveId: string;
  itemId: string;
  name: string;
  deleted: boolean;
  sensitivityLabelId: string | null;
  retentionLabel: string | null;
  permissions: { id: string; json: Record<string, unknown>; inherited: boolean; failure?: string }[];
}

export interface EmuMachine {
  id: string;
  name: string;
  failure?: string;
}

export interface MachineAction {
  id: string;
  type: 'Isolate' | 'Unisolate';
  status: string;
  machineId: string;
  creationDateTimeUtc: string;
  lastUpdateDateTimeUtc: string;
}

export interface RemediationHost {
  users: Map<string, UserState>;
  files: EmuFile[];
  machines: EmuMachine[];
  actions: MachineAction[];
  /** Sensitivity label name → id. */
  labels: Map<string, string>;
  graphBase: string;
  /** Polls of a label job's monitor URL before it reports completed. */
  monitorPolls: number;
  jobs: Map<string, { polls: number; apply: () => void; done: boolean }>;
  userExists(id: string): boolean;
}

const hash = (s: string, n = 16) => createHash('sha256').update(s).digest('hex').slice(0, n);
const FILES_READ = [['Files.Read.All'], ['Files.ReadWrite.All'], ['Sites.Read.All'], ['Sites.ReadWrite.All']];
const FILES_WRITE = [['Files.ReadWrite.All'], ['Sites.ReadWrite.All']];
const MACHINE_READ = [['Machine.Read.All'], ['Machine.ReadWrite.All']];

/** Builds the emulator's files and machines from the local backend's remediation seed (same data, Graph shapes). */
export function filesAndMachinesFrom(
  state: LocalRemediationState,
  labels: Map<string, string>,
): { files: EmuFile[]; machines: EmuMachine[] } {
  const files = Object.entries(state.files).map(([url, f]): EmuFile => {
    const driveId = `b!${hash(`drive:${f.siteUrl}`, 24)}`;
    const identity = (email: string) => {
      const external = isExternal(email);
      return {
        user: external ? { displayName: email, email } : { id: hash(`user:${email}`, 32), displayName: email, email },
        siteUser: {
          displayName: email,
          email,
          loginName: external ? `i:0#.f|membership|urn:spo:guest#${email}` : `i:0#.f|membership|${email}`,
        },
      };
    };
    const permissions: EmuFile['permissions'] = f.links.map((l) => ({
      id: l.id,
      inherited: !!l.inheritedFrom,
      failure: l.simulatedFailure,
      json: {
        id: l.id,
        roles: [l.type === 'edit' ? 'write' : 'read'],
        link: { scope: l.scope, type: l.type, webUrl: l.webUrl, preventsDownload: false },
        ...(l.grantees.length ? { grantedToIdentitiesV2: l.grantees.map(identity) } : {}),
        ...(l.inheritedFrom
          ? { inheritedFrom: { driveId, id: hash(`folder:${l.inheritedFrom}`), path: l.inheritedFrom } }
          : {}),
      },
    }));
    if (f.owner)
      permissions.unshift({
        id: `owner-${hash(url, 8)}`,
        inherited: false,
        json: { id: `owner-${hash(url, 8)}`, roles: ['owner'], grantedToV2: identity(f.owner) },
      });
    return {
      url: new URL(url).href,
      driveId,
      itemId: `01${hash(`item:${url}`, 30).toUpperCase()}`,
      name: f.name,
      deleted: !!f.deletedAt,
      sensitivityLabelId: f.sensitivityLabel ? (labels.get(f.sensitivityLabel) ?? null) : null,
      retentionLabel: f.retentionLabel,
      permissions,
    };
  });
  const machines = Object.entries(state.devices).map(([id, d]) => ({
    id,
    name: d.name,
    ...(d.simulatedFailure ? { failure: d.simulatedFailure } : {}),
  }));
  return { files, machines };
}

/**
 * Account changes, OneDrive/SharePoint file remediation (with the label monitor), and Defender for Endpoint machines.
 */
export function remediationRoutes(host: RemediationHost): Route[] {
  const file = (driveId: string, itemId: string) =>
    host.files.find((f) => f.driveId === driveId && f.itemId === itemId && !f.deleted) ??
    (() => {
      throw notFound('The resource could not be found.');
    })();
  const machine = (id: string) =>
    host.machines.find((m) => m.id === id) ??
    (() => {
      throw new EmuError(404, 'ResourceNotFound', `Machine ${id} was not found.`);
    })();
  const user = (id: string) => {
    if (!host.userExists(id)) throw new EmuError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist.`);
    return (
      host.users.get(id) ??
      (host.users.set(id, { accountEnabled: true, signInSessionsValidFromDateTime: null }).get(id) as UserState)
    );
  };
  const action = (machineId: string, type: MachineAction['type']): MachineAction => {
    const now = new Date().toISOString();
    const a = {
      id: randomUUID(),
      type,
      status: 'Pending',
      machineId,
      creationDateTimeUtc: now,
      lastUpdateDateTimeUtc: now,
    };
    host.actions.push(a);
    return a;
  };
  const item = /^\/v1\.0\/drives\/([^/]+)\/items\/([^/]+)/.source;
  return [
    {
      api: 'graph',
      method: 'PATCH',
      pattern: /^\/v1\.0\/users\/([^/]+)$/,
      roles: [['User.EnableDisableAccount.All', 'User.Read.All'], ['User.ReadWrite.All'], ['Directory.ReadWrite.All']],
      handle(req, m) {
        const body = requireBody(req.body, ['accountEnabled']);
        if (typeof body.accountEnabled !== 'boolean') throw bad('accountEnabled must be a boolean.');
        user(m[1]!).accountEnabled = body.accountEnabled;
        return { status: 204 };
      },
    },
    {
      api: 'graph',
      method: 'POST',
      pattern: /^\/v1\.0\/users\/([^/]+)\/revokeSignInSessions$/,
      roles: [['User.RevokeSessions.All'], ['User.ReadWrite.All'], ['Directory.ReadWrite.All']],
      handle(req, m) {
        if (req.rawBody.trim() !== '') throw bad('revokeSignInSessions takes no request body.');
        user(m[1]!).signInSessionsValidFromDateTime = new Date().toISOString();
        return { status: 200, body: { '@odata.context': `${host.graphBase}/v1.0/$metadata#Edm.Boolean`, value: true } };
      },
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/shares\/([^/]+)\/driveItem$/,
      roles: FILES_WRITE,
      handle(_req, m) {
        const id = m[1]!;
        if (!id.startsWith('u!') || /[+/=]/.test(id))
          throw bad(`'${id}' is not an encoded sharing URL (u! + unpadded base64url).`);
        const url = Buffer.from(id.slice(2), 'base64url').toString('utf8');
        const f = host.files.find((x) => x.url === url && !x.deleted);
        if (!f) throw notFound(`No item at ${url}.`);
        return {
          status: 200,
          body: {
            id: f.itemId,
            name: f.name,
            webUrl: f.url,
            parentReference: { driveId: f.driveId, driveType: 'documentLibrary' },
          },
        };
      },
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: new RegExp(`${item}/permissions$`),
      roles: FILES_READ,
      handle: (_req, m) => ({ status: 200, body: { value: file(m[1]!, m[2]!).permissions.map((p) => p.json) } }),
    },
    {
      api: 'graph',
      method: 'DELETE',
      pattern: new RegExp(`${item}/permissions/([^/]+)$`),
      roles: FILES_WRITE,
      handle(_req, m) {
        const f = file(m[1]!, m[2]!);
        const p = f.permissions.find((x) => x.id === m[3]);
        if (!p) throw notFound('The permission does not exist.');
        if (p.inherited) throw bad('Inherited permissions cannot be removed from this item.');
        if (p.failure)
          throw new EmuError(423, 'resourceLocked', 'The resource you are attempting to access is locked.');
        f.permissions = f.permissions.filter((x) => x !== p);
        return { status: 204 };
      },
    },
    {
      api: 'graph',
      method: 'POST',
      pattern: new RegExp(`${item}/extractSensitivityLabels$`),
      roles: FILES_READ,
      handle(_req, m) {
        const f = file(m[1]!, m[2]!);
        return {
          status: 200,
          body: {
            labels: f.sensitivityLabelId
              ? [{ sensitivityLabelId: f.sensitivityLabelId, assignmentMethod: 'standard', tenantId: 'emulated' }]
              : [],
          },
        };
      },
    },
    {
      api: 'graph',
      method: 'POST',
      pattern: new RegExp(`${item}/assignSensitivityLabel$`),
      roles: FILES_WRITE,
      handle(req, m) {
        const body = requireBody(
          req.body,
          ['sensitivityLabelId', 'assignmentMethod', 'justificationText'],
          ['sensitivityLabelId'],
        );
        if (
          typeof body.sensitivityLabelId !== 'string' ||
          (body.sensitivityLabelId !== '' && ![...host.labels.values()].includes(body.sensitivityLabelId))
        )
          throw bad('Unknown sensitivityLabelId.');
        if (
          body.assignmentMethod !== undefined &&
          !['standard', 'privileged', 'auto'].includes(String(body.assignmentMethod))
        )
          throw bad('Unknown assignmentMethod.');
        const f = file(m[1]!, m[2]!);
        const jobId = randomUUID();
        host.jobs.set(jobId, {
          polls: host.monitorPolls,
          done: false,
          apply: () => (f.sensitivityLabelId = (body.sensitivityLabelId as string) || null),
        });
        return { status: 202, headers: { Location: `${host.graphBase}/monitor/${jobId}` } };
      },
    },
    {
      api: 'monitor',
      method: 'GET',
      pattern: /^\/monitor\/([^/]+)$/,
      handle(_req, m) {
        const job = host.jobs.get(m[1]!);
        if (!job) throw notFound('No such job.');
        if (job.polls > 0) {
          job.polls--;
          return { status: 200, body: { status: 'inProgress', percentageComplete: 50 } };
        }
        if (!job.done) job.apply();
        job.done = true;
        return { status: 200, body: { status: 'completed', percentageComplete: 100 } };
      },
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: new RegExp(`${item}/retentionLabel$`),
      roles: FILES_READ,
      handle: (_req, m) => ({
        status: 200,
        body: { name: file(m[1]!, m[2]!).retentionLabel, isLabelAppliedExplicitly: true },
      }),
    },
    {
      api: 'graph',
      method: 'PATCH',
      pattern: new RegExp(`${item}/retentionLabel$`),
      roles: FILES_WRITE,
      handle(req, m) {
        const body = requireBody(req.body, ['name']);
        if (typeof body.name !== 'string' || body.name === '') throw bad('name must be a non-empty string.');
        const f = file(m[1]!, m[2]!);
        const first = f.retentionLabel === null;
        f.retentionLabel = body.name;
        return {
          status: first ? 201 : 200,
          body: { name: body.name, isLabelAppliedExplicitly: true, labelAppliedDateTime: new Date().toISOString() },
        };
      },
    },
    {
      api: 'graph',
      method: 'DELETE',
      pattern: new RegExp(`${item}$`),
      roles: FILES_WRITE,
      handle(_req, m) {
        file(m[1]!, m[2]!).deleted = true;
        return { status: 204 };
      },
    },
    {
      api: 'mde',
      method: 'GET',
      pattern: /^\/api\/machines\/([^/]+)$/,
      roles: MACHINE_READ,
      handle(_req, m) {
        const x = machine(m[1]!);
        return {
          status: 200,
          body: { id: x.id, computerDnsName: x.name, osPlatform: 'Windows11', healthStatus: 'Active' },
        };
      },
    },
    {
      api: 'mde',
      method: 'GET',
      pattern: /^\/api\/machineactions$/,
      roles: MACHINE_READ,
      handle(req) {
        const f = /^machineId eq '([^']+)'$/.exec(req.query.$filter ?? '');
        if (!f) throw bad("This emulator supports $filter=machineId eq '<id>' only.");
        return { status: 200, body: { value: host.actions.filter((a) => a.machineId === f[1]) } };
      },
    },
    {
      api: 'mde',
      method: 'POST',
      pattern: /^\/api\/machines\/([^/]+)\/(isolate|unisolate)$/,
      roles: [['Machine.Isolate']],
      handle(req, m) {
        const isolate = m[2] === 'isolate';
        const body = requireBody(req.body, isolate ? ['Comment', 'IsolationType'] : ['Comment']);
        if (typeof body.Comment !== 'string' || body.Comment === '') throw bad('Comment is required.');
        if (isolate && !['Full', 'Selective', 'UnManagedDevice'].includes(String(body.IsolationType)))
          throw bad('IsolationType must be Full, Selective or UnManagedDevice.');
        const x = machine(m[1]!);
        if (isolate && x.failure) throw new EmuError(400, 'BadRequest', x.failure);
        return { status: 201, body: action(x.id, isolate ? 'Isolate' : 'Unisolate') };
      },
    },
  ];
}
