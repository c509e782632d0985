import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import { bad, EmuError, requireBody, type EmuRequest, type Route } from './graph-emulator-types.js';

/** Per-user state the remediation calls change. */
export interface UserState {
  accountEnabled: boolean;
  signInSessionsValidFromDateTime: string | null;
}

export interface DirectoryHost {
  directory: LocalTenant['directory'];
  users: Map<string, UserState>;
  pageSize: number;
  graphBase: string;
  /** Users for whom getMemberGroups answers Directory_ResultSizeLimitExceeded. */
  tooManyGroups: Set<string>;
  /** The roles granted right now (AU names are only returned with AdministrativeUnit.Read.All). */
  granted(): Set<string>;
}

const USER_READ = [['User.Read.All'], ['User.ReadWrite.All'], ['Directory.Read.All']];
const MEMBER_GROUPS = [
  ['User.Read.All', 'GroupMember.Read.All'],
  ['User.Read.All', 'Group.Read.All'],
  ['Directory.Read.All'],
];
const AU_READ = [['AdministrativeUnit.Read.All'], ['Directory.Read.All']];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Users, transitive groups (getMemberGroups, transitiveMemberOf), AU memberships and the AU list. */
export function directoryRoutes(host: DirectoryHost): Route[] {
  const findUser = (key: string) => {
    if (!GUID.test(key) && !key.includes('@'))
      throw new EmuError(400, 'Request_BadRequest', `Invalid object identifier '${key}'.`);
    const user = host.directory.users.find(
      (u) => u.id.toLowerCase() === key.toLowerCase() || u.userPrincipalName.toLowerCase() === key.toLowerCase(),
    );
    if (!user)
      throw new EmuError(
        404,
        'Request_ResourceNotFound',
        `Resource '${key}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return user;
  };
  const transitiveGroups = (userId: string) => {
    const found = new Set<string>();
    let frontier = [userId];
    while (frontier.length) {
      const next = host.directory.groups
        .filter((g) => !found.has(g.id) && g.members.some((m) => frontier.includes(m)))
        .map((g) => g.id);
      next.forEach((id) => found.add(id));
      frontier = next;
    }
    return [...found];
  };
  const page = <T>(req: EmuRequest, items: T[], path: string) => {
    const skip = Number(req.query.$skip ?? 0);
    const size = Math.min(Number(req.query.$top ?? host.pageSize), host.pageSize);
    const query = Object.entries(req.query)
      .filter(([k]) => k !== '$skip')
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
    const next = `${host.graphBase}${path}?${[...query, `$skip=${skip + size}`].join('&')}`;
    return {
      value: items.slice(skip, skip + size),
      ...(skip + size < items.length ? { '@odata.nextLink': next } : {}),
    };
  };
  const select = (req: EmuRequest, item: Record<string, unknown>) => {
    const fields = req.query.$select?.split(',');
    return fields ? Object.fromEntries(fields.map((f) => [f, item[f] ?? null])) : item;
  };
  return [
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/users$/,
      roles: USER_READ,
      handle: (req) => ({
        status: 200,
        body: page(
          req,
          host.directory.users.map((u) => select(req, { ...u })),
          '/v1.0/users',
        ),
      }),
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/users\/([^/]+)$/,
      roles: USER_READ,
      handle(req, m) {
        const u = findUser(m[1]!);
        const state = host.users.get(u.id);
        return {
          status: 200,
          body: select(req, {
            id: u.id,
            displayName: u.displayName,
            userPrincipalName: u.userPrincipalName,
            mail: u.mail ?? null,
            accountEnabled: state?.accountEnabled ?? u.accountEnabled,
            signInSessionsValidFromDateTime: state?.signInSessionsValidFromDateTime ?? null,
          }),
        };
      },
    },
    {
      api: 'graph',
      method: 'POST',
      pattern: /^\/v1\.0\/users\/([^/]+)\/getMemberGroups$/,
      roles: MEMBER_GROUPS,
      handle(req, m) {
        const body = requireBody(req.body, ['securityEnabledOnly']);
        if (typeof body.securityEnabledOnly !== 'boolean') throw bad('securityEnabledOnly must be a boolean.');
        const u = findUser(m[1]!);
        if (host.tooManyGroups.has(u.id))
          throw new EmuError(
            400,
            'Directory_ResultSizeLimitExceeded',
            'The result size limit was exceeded; use transitiveMemberOf.',
          );
        return { status: 200, body: { value: transitiveGroups(u.id) } };
      },
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/users\/([^/]+)\/transitiveMemberOf\/microsoft\.graph\.group$/,
      roles: MEMBER_GROUPS,
      handle(req, m) {
        if (String(req.headers.consistencylevel ?? '').toLowerCase() !== 'eventual')
          throw bad('An OData cast on transitiveMemberOf needs the ConsistencyLevel: eventual header.');
        const u = findUser(m[1]!);
        const groups = transitiveGroups(u.id).map((id) =>
          select(req, {
            '@odata.type': '#microsoft.graph.group',
            id,
            securityEnabled: true,
            displayName: host.directory.groups.find((g) => g.id === id)?.displayName,
          }),
        );
        return { status: 200, body: page(req, groups, m[0]) };
      },
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/users\/([^/]+)\/memberOf\/microsoft\.graph\.administrativeUnit$/,
      roles: USER_READ,
      handle(req, m) {
        const u = findUser(m[1]!);
        const named = host.granted().has('AdministrativeUnit.Read.All') || host.granted().has('Directory.Read.All');
        const units = host.directory.administrativeUnits
          .filter((au) => au.members.includes(u.id))
          .map((au) =>
            select(req, {
              '@odata.type': '#microsoft.graph.administrativeUnit',
              id: au.id,
              displayName: named ? au.displayName : null,
            }),
          );
        return { status: 200, body: page(req, units, m[0]) };
      },
    },
    {
      api: 'graph',
      method: 'GET',
      pattern: /^\/v1\.0\/directory\/administrativeUnits$/,
      roles: AU_READ,
      handle: (req) => ({
        status: 200,
        body: page(
          req,
          host.directory.administrativeUnits.map((au) =>
            select(req, { id: au.id, displayName: au.displayName, description: null }),
          ),
          '/v1.0/directory/administrativeUnits',
        ),
      }),
    },
  ];
}
