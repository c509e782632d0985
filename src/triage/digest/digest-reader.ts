import type { Scope } from '../access/access-decision.js';
import type { AccessService } from '../access/access-service.js';
import type { AdministrativeUnit, AlertStore, Clock, Directory } from '../ports.js';
import { buildDigest, type Digest } from './digest.js';
import type { SlaHours } from './digest-rules.js';
import { describeScope, nameScope } from './digest-scope.js';
import type { DigestView } from './digest-view.js';
import { readScopedAlerts, type ScopedAlerts } from './scoped-alerts.js';
import { displayNames } from '../display-names.js';

export interface DigestReaderDeps {
  alerts: Pick<AlertStore, 'listChangedSince'>;
  access: Pick<AccessService, 'scopeOf'>;
  directory: Pick<Directory, 'getUser' | 'listAdministrativeUnits'>;
  clock: Clock;
  sla: SlaHours;
}

const SHARED_READ_MS = 60_000;

/** Reads the alerts a digest counts and turns them into the view of one scope; checks no permission itself. */
export class DigestReader {
  private lastRead?: { at: number; alerts: Promise<ScopedAlerts> };

  constructor(private readonly deps: DigestReaderDeps) {}

  /** The digest of what `scope` covers, as of now, in `timeZone`; `shared` may reuse a recent read (see read()). */
  async view(scope: Scope, timeZone: string, channelId?: string, shared = false): Promise<DigestView> {
    const [scoped, known] = await Promise.all([this.read(shared), this.knownUnits()]);
    const digest = buildDigest(scoped.alerts, this.deps.clock.now(), timeZone, scope, this.deps.sla);
    return {
      digest,
      scopeLabel: describeScope(scope, known),
      scope: nameScope(scope, known),
      assigneeNames: await this.assigneeNames(digest),
      defenderUrl: scoped.defenderUrl,
      sla: this.deps.sla,
      channelId,
    };
  }

  /**
   * All alerts with their AUs. Scheduled digests (`shared`) reuse a read younger than a minute: many
   * subscribers share 08:00, and each would otherwise read every alert again. Commands and buttons
   * always read afresh, so a person sees the effect of what they just did.
   */
  read(shared = false): Promise<ScopedAlerts> {
    const nowMs = this.deps.clock.now().getTime();
    if (shared && this.lastRead && nowMs - this.lastRead.at < SHARED_READ_MS) return this.lastRead.alerts;
    const alerts = readScopedAlerts(this.deps.alerts, this.deps.access);
    this.lastRead = { at: nowMs, alerts };
    alerts.catch(() => {
      if (this.lastRead?.alerts === alerts) this.lastRead = undefined;
    });
    return alerts;
  }

  /** Only for naming units and comparing id/name spellings: without it the card still works. */
  knownUnits(): Promise<AdministrativeUnit[]> {
    return this.deps.directory.listAdministrativeUnits().catch(() => []);
  }

  /** Display names of the busiest assignees; a name the directory cannot give stays the user principal name. */
  private async assigneeNames(digest: Digest): Promise<Record<string, string>> {
    const assignees = digest.openByAssignee.map((a) => a.assignee);
    const names = await displayNames(this.deps.directory, assignees);
    return Object.fromEntries(assignees.map((upn) => [upn, names.get(upn.toLowerCase()) ?? upn]));
  }
}
