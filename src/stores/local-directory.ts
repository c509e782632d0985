import type { AdministrativeUnit, Directory } from '../triage/ports.js';
import type { LocalTenant } from './local-tenant-schema.js';

/** The Directory port over the local backend's directory, read fresh on each call so hand edits apply. */
export class LocalDirectory implements Directory {
  constructor(private readonly tenant: () => LocalTenant) {}

  async administrativeUnitsOf(userId: string): Promise<AdministrativeUnit[]> {
    return this.tenant()
      .directory.administrativeUnits.filter((au) => au.members.includes(userId))
      .map(({ id, displayName }) => ({ id, displayName }));
  }

  async listAdministrativeUnits(): Promise<AdministrativeUnit[]> {
    return this.tenant().directory.administrativeUnits.map(({ id, displayName }) => ({ id, displayName }));
  }
}
