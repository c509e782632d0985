import type { AdministrativeUnit, Directory, DirectoryUser } from '../../triage/ports.js';
import type { LocalTenant } from './local-tenant-schema.js';

/** The Directory port over the local backend's directory, read fresh on each call so hand edits apply. */
export class LocalDirectory implements Directory {
  constructor(private readonly tenant: () => LocalTenant) {}

  async groupsOf(userId: string): Promise<string[]> {
    const groups = this.tenant().directory.groups;
    const found = new Set<string>();
    let frontier = [userId.toLowerCase()];
    // Walk up through nested groups until no new group turns up (cycles end the walk too).
    while (frontier.length > 0) {
      const next = groups
        .filter((g) => !found.has(g.id) && g.members.some((m) => frontier.includes(m.toLowerCase())))
        .map((g) => g.id);
      next.forEach((id) => found.add(id));
      frontier = next.map((id) => id.toLowerCase());
    }
    return [...found];
  }

  async administrativeUnitsOf(userId: string): Promise<AdministrativeUnit[]> {
    return this.tenant()
      .directory.administrativeUnits.filter((au) => au.members.some((m) => m.toLowerCase() === userId.toLowerCase()))
      .map(({ id, displayName }) => ({ id, displayName }));
  }

  async getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    const key = idOrUpn.toLowerCase();
    const user = this.tenant().directory.users.find(
      (u) => u.id.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key,
    );
    return (
      user && {
        id: user.id,
        displayName: user.displayName,
        userPrincipalName: user.userPrincipalName,
        accountEnabled: user.accountEnabled,
      }
    );
  }

  async listAdministrativeUnits(): Promise<AdministrativeUnit[]> {
    return this.tenant().directory.administrativeUnits.map(({ id, displayName }) => ({ id, displayName }));
  }
}
