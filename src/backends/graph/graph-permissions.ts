/**
 * The application permissions the Graph backend uses, least privileged first (graph-api.md §1.1, §4,
 * §5.1 and the Microsoft Graph permission pages). Every call names the one it needs, so a 403 can say
 * exactly what to grant; README "Connect to your tenant" lists the same table for admins.
 */

/** The API a permission belongs to, as the Entra portal names it under "APIs my organization uses". */
export type PermissionApi = 'Microsoft Graph' | 'WindowsDefenderATP';

export interface RequiredPermission {
  api: PermissionApi;
  /** The least-privileged application permission for the call. */
  name: string;
  /** Permissions the call needs in addition to `name` (Graph documents some calls with a pair). */
  together?: readonly string[];
  /** Broader permissions that also work (shown in the README, never needed in addition). */
  alternatives?: readonly string[];
}

const graph = (name: string, ...alternatives: string[]): RequiredPermission => ({
  api: 'Microsoft Graph',
  name,
  alternatives,
});
const mde = (name: string, ...alternatives: string[]): RequiredPermission => ({
  api: 'WindowsDefenderATP',
  name,
  alternatives,
});

export const PERMISSIONS = {
  /** List and read DLP alerts (the poller, cards). */
  alertsRead: graph('SecurityAlert.Read.All', 'SecurityAlert.ReadWrite.All'),
  /** Assign, classify, change status, comment. Includes read. */
  alertsWrite: graph('SecurityAlert.ReadWrite.All'),
  /** Users by id or UPN, with accountEnabled; another user's memberships. */
  usersRead: graph('User.Read.All', 'Directory.Read.All'),
  /** Transitive security-group ids of a user (getMemberGroups), together with User.Read.All. */
  groupMembershipRead: {
    ...graph('GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'),
    together: ['User.Read.All'],
  },
  /** Administrative units and their names. */
  administrativeUnitsRead: graph('AdministrativeUnit.Read.All', 'Directory.Read.All'),
  /** Disable and re-enable an account, together with User.Read.All. */
  usersEnableDisable: { ...graph('User.EnableDisableAccount.All', 'User.ReadWrite.All'), together: ['User.Read.All'] },
  /** revokeSignInSessions (older docs name Directory.ReadWrite.All; graph-api.md §4). */
  usersRevokeSessions: graph('User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'),
  /** Resolve a file URL, list and delete sharing permissions, labels, delete the file. */
  files: graph('Files.ReadWrite.All', 'Sites.ReadWrite.All'),
  /** Read a device and its isolation history in Defender for Endpoint. */
  machinesRead: mde('Machine.Read.All', 'Machine.ReadWrite.All'),
  /** Advanced hunting (runHuntingQuery): a user's activity around an alert. */
  huntingRead: graph('ThreatHunting.Read.All'),
  /** The alerts of an incident (`/security/incidents/{id}/alerts`), every source included. */
  incidentsRead: graph('SecurityIncident.Read.All', 'SecurityIncident.ReadWrite.All'),
  /** Incident actions from Teams: assign, status, classify, tag (`PATCH /security/incidents/{id}`) and comment. */
  incidentsWrite: graph('SecurityIncident.ReadWrite.All'),
  /** Isolate and release a device. */
  machinesIsolate: mde('Machine.Isolate'),
} as const satisfies Record<string, RequiredPermission>;

export type PermissionKey = keyof typeof PERMISSIONS;

/** "the Microsoft Graph application permission X" — for messages to people. */
export function describePermission(p: RequiredPermission): string {
  const names = [p.name, ...(p.together ?? [])];
  return names.length === 1
    ? `the ${p.api} application permission ${p.name}`
    : `the ${p.api} application permissions ${names.join(' and ')}`;
}
