/**
 * Reading the local backend's tenant (the seed, or local-tenant.json a bot wrote) independently of the code
 * under test: whose alert it is, and which administrative units that person is in.
 */
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { mapGraphAlert } from '../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { buildSeedTenant } from '../../src/backends/local/local-seed.js';
import type { Alert } from '../../src/triage/alert.js';
import { readJsonFile } from './files.js';
import { demoEnv } from '../../scripts/demo-env.js';

/** An alert as Graph (and local-tenant.json) has it: loosely typed, tests read what they need. */
export type RawAlert = Record<string, any>;

/** The parts of local-tenant.json tests read. */
export interface TenantFile {
  alerts: RawAlert[];
  directory: {
    users: { id: string; displayName: string; userPrincipalName: string }[];
    administrativeUnits: { id: string; displayName: string; members: string[] }[];
  };
}

/** What `unitsOf` needs of a tenant. */
type WithUnits = { directory: { administrativeUnits: readonly { displayName: string; members: readonly string[] }[] } };

/** The tenant file the local backend keeps in `dataDir`. */
export const readTenantFile = (dataDir: string): Promise<TenantFile> =>
  readJsonFile(path.join(dataDir, 'local-tenant.json'));

/** A DLP alert (the only kind that becomes a card; the seed also holds a correlated Defender alert). */
export const isDlpRaw = (raw: RawAlert): boolean => raw.serviceSource === 'dataLossPrevention';

/** The DLP alerts of a tenant (seed or file), in file order: what the poller posts. */
export const dlpAlertsOf = (tenant: { alerts: readonly unknown[] }): RawAlert[] =>
  (tenant.alerts as RawAlert[]).filter(isDlpRaw);

/** The alerts `npm run demo` posts: those of the sources it turns on (scripts/demo-env.ts), in file order. */
export function demoAlertsOf(tenant: { alerts: readonly unknown[] }): RawAlert[] {
  const sources = new Set(String(demoEnv({}, 0, '').ALERT_SOURCES).split(','));
  return (tenant.alerts as RawAlert[]).filter((a) => sources.has(String(a.serviceSource)));
}

/** The Entra object id of a raw alert's subject: its user evidence. */
export const subjectIdOf = (raw: RawAlert): string | undefined =>
  raw.evidence?.find((e: RawAlert) => e['@odata.type'] === '#microsoft.graph.security.userEvidence')?.userAccount
    ?.azureAdUserId;

/** The directory entry of a raw alert's subject. */
export const subjectOf = (tenant: TenantFile, raw: RawAlert): TenantFile['directory']['users'][number] | undefined =>
  tenant.directory.users.find((u) => u.id === subjectIdOf(raw));

/** The display names of the administrative units `subjectId` is a member of (none for no subject). */
export const unitsOf = (tenant: WithUnits, subjectId: string | undefined): string[] =>
  tenant.directory.administrativeUnits.filter((au) => au.members.includes(subjectId ?? '')).map((au) => au.displayName);

/** The raw alerts of a subject in exactly the AU `unit` (null: a subject in no AU), in file order. */
export function rawAlertsIn(tenant: { alerts: readonly unknown[] } & WithUnits, unit: string | null): RawAlert[] {
  return dlpAlertsOf(tenant).filter((a) => {
    const subject = subjectIdOf(a);
    const units = unitsOf(tenant, subject);
    return subject !== undefined && (unit === null ? units.length === 0 : units.join() === unit);
  });
}

/** The seed tenant at `now`, with its alerts mapped as the backend maps them. */
export class SeedAlerts {
  readonly tenant: ReturnType<typeof buildSeedTenant>;
  readonly alerts: Alert[];

  constructor(now: Date) {
    this.tenant = buildSeedTenant(now);
    this.alerts = this.tenant.alerts.map((raw) => mapGraphAlert(raw));
  }

  /** The AU names of an alert's subject. */
  unitsOf(alert: Alert): string[] {
    return unitsOf(this.tenant, alert.subject?.id);
  }

  /** The first seeded alert that satisfies `pred`; fails, saying `what`, when the seed has none. */
  find(what: string, pred: (a: Alert) => boolean): Alert {
    const found = this.alerts.find(pred);
    assert.ok(found, `the seed has ${what}`);
    return found;
  }

  /** The first seeded alert of a subject in exactly the AU `unit` (null: a subject in no AU). */
  in(unit: string | null): Alert {
    return this.find(`an alert of a subject in ${unit ?? 'no AU'}`, (a) => {
      const units = this.unitsOf(a);
      return a.subject?.id !== undefined && (unit === null ? units.length === 0 : units.join() === unit);
    });
  }
}
