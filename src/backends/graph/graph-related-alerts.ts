import type { GraphRequest } from '@microsoft/microsoft-graph-client';
import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { Alert, FileRef, SubjectUser } from '../../triage/alert.js';
import { isEntraObjectId, isTimestamp, isUserPrincipalName } from '../../triage/ids.js';
import type { RelatedAlertSource } from '../../triage/investigation/related-alerts.js';
import type { Directory } from '../../triage/ports.js';
import { compareTimestamps } from '../../triage/timestamps.js';
import { TriageError } from '../../triage/triage-error.js';
import type { MapOptions } from '../alerts-v2/alerts-v2-mapper.js';
import { readableAlerts } from './readable-alerts.js';
import { odataDateTime, odataQuery } from './graph-alert-store.js';
import type { GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { PERMISSIONS } from './graph-permissions.js';

const ALERTS = '/security/alerts_v2';
const PREFER = { Prefer: 'include-unknown-enum-members' };
const PAGE_SIZE = 100;
const DLP = "serviceSource eq 'dataLossPrevention'";
/** Pages read at most for one question: related alerts are context on a card, not an export. */
const MAX_PAGES = 5;
/** An incident's alerts: Defender correlates many alerts into one incident, but a card shows a handful. */
const MAX_INCIDENT_PAGES = 10;

const ofIncident: GraphOperation = {
  doing: 'list the alerts of the incident',
  permission: PERMISSIONS.incidentsRead,
  notFound: 'This incident does not exist (any more), or DLP Triage cannot see it.',
};
const related = (doing: string): GraphOperation => ({ doing, permission: PERMISSIONS.alertsRead });

/** The file names of a raw alert's file evidence (read before mapping: the match is on every file, not the first). */
const fileNamesSchema = z.looseObject({
  evidence: z
    .array(
      z.looseObject({ '@odata.type': z.unknown(), fileDetails: z.looseObject({ fileName: z.unknown() }).nullish() }),
    )
    .nullish(),
});

/**
 * RelatedAlertSource over Graph. The incident's alerts come from `GET /security/incidents/{id}/alerts`
 * (SecurityIncident.Read.All), every source included; the user's DLP alerts from alerts_v2 with the documented
 * evidence filter on the user evidence's UPN (the migration guide's form; quotes doubled, and only a well-formed UPN
 * is ever put in a filter; a user known by object id only is looked up in the directory for it), kept when the
 * alert's subject is that user (by object id where both have one, else UPN, as the local backend); the file's DLP
 * alerts from alerts_v2 by createdDateTime and serviceSource, matched on the file name here — Graph documents no
 * filter on file evidence — over at most MAX_PAGES pages (alerts_v2 documents no order either, so a file's alerts
 * beyond those pages are not found). Answers are newest first.
 */
export class GraphRelatedAlerts implements RelatedAlertSource {
  private readonly mapping: MapOptions;
  private readonly directory: Pick<Directory, 'getUser'>;

  constructor(
    private readonly graph: GraphGateway,
    private readonly log: Logger,
    /** `directory`: where a user known by object id only gets a UPN (GraphDirectory: User.Read.All). */
    options: { directory: Pick<Directory, 'getUser'>; appDisplayName?: string },
  ) {
    this.mapping = { appDisplayName: options.appDisplayName };
    this.directory = options.directory;
  }

  async alertsOfIncident(incidentId: string): Promise<Alert[]> {
    const first = this.graph.api(graphPath`/security/incidents/${incidentId}/alerts`).headers(PREFER);
    try {
      return this.newestFirst(await this.read(ofIncident, first, MAX_INCIDENT_PAGES));
    } catch (e) {
      if (e instanceof TriageError && e.code === 'not-found') return [];
      throw e;
    }
  }

  async alertsOfUser(user: SubjectUser, since: string): Promise<Alert[]> {
    const after = sinceLiteral(since);
    const id = user.id && isEntraObjectId(user.id) ? user.id.toLowerCase() : undefined;
    const upn = await this.upnOf(user.userPrincipalName, id);
    if (!upn) {
      this.log.debug({ related: 'user' }, 'no user principal name for the user: no alerts of the user looked up');
      return [];
    }
    const evidence = `evidence/any(e: e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName eq '${upn.replace(/'/g, "''")}')`;
    const filter = `${DLP} and createdDateTime ge ${after} and ${evidence}`;
    const first = this.graph.api(ALERTS).headers(PREFER).query(odataQuery(filter, PAGE_SIZE));
    const alerts = this.newestFirst(await this.read(related("list the user's DLP alerts"), first, MAX_PAGES));
    return alerts.filter((a) => a.subject !== undefined && sameUser(id, upn, a.subject));
  }

  async alertsOfFile(file: FileRef, since: string): Promise<Alert[]> {
    const filter = `${DLP} and createdDateTime ge ${sinceLiteral(since)}`;
    const first = this.graph.api(ALERTS).headers(PREFER).query(odataQuery(filter, PAGE_SIZE));
    const raws = await this.read(related("list the file's DLP alerts"), first, MAX_PAGES);
    const name = file.name.toLowerCase();
    return this.newestFirst(raws.filter((raw) => fileNames(raw).includes(name)));
  }

  /** The UPN to filter on: the one given if it is one, else the directory's for the object id. */
  private async upnOf(given: string | undefined, id: string | undefined): Promise<string | undefined> {
    if (given && isUserPrincipalName(given)) return given;
    const found = id ? await this.directory.getUser(id) : undefined;
    return found && isUserPrincipalName(found.userPrincipalName) ? found.userPrincipalName : undefined;
  }

  /** The items of up to `maxPages` pages, following nextLinks as given. */
  private async read(op: GraphOperation, first: GraphRequest, maxPages: number): Promise<unknown[]> {
    const items: unknown[] = [];
    let page = await this.graph.page(op, first);
    for (let n = 1; ; n++) {
      items.push(...page.value);
      if (!page.next) return items;
      if (n >= maxPages) {
        this.log.info({ related: { doing: op.doing, pages: n } }, 'related alerts: stopped after the page limit');
        return items;
      }
      page = await this.graph.page(op, this.graph.nextPage(page.next, PREFER));
    }
  }

  /** Mapped, newest first; an alert that cannot be read is left out (logged with its id), the rest kept. */
  private newestFirst(raws: unknown[]): Alert[] {
    const alerts = readableAlerts(raws, this.mapping, this.log, 'skipped an unreadable related alert');
    return alerts.sort((a, b) => compareTimestamps(b.createdAt, a.createdAt) || a.id.localeCompare(b.id));
  }
}

/** The OData DateTimeOffset literal for `since`, an ISO 8601 date and time (nothing else reaches a filter). */
function sinceLiteral(since: string): string {
  if (typeof since !== 'string' || !isTimestamp(since))
    throw new TriageError('invalid', `"${String(since).slice(0, 40)}" is not a date and time.`);
  return odataDateTime(since);
}

/** The same person: by object id when both have one, else by UPN (any case). */
function sameUser(id: string | undefined, upn: string, subject: SubjectUser): boolean {
  if (id && subject.id) return subject.id.toLowerCase() === id;
  return subject.userPrincipalName?.toLowerCase() === upn.toLowerCase();
}

/** Lower-cased file names of the alert's file evidence. */
function fileNames(raw: unknown): string[] {
  const parsed = fileNamesSchema.safeParse(raw);
  if (!parsed.success) return [];
  return (parsed.data.evidence ?? [])
    .filter((e) => e['@odata.type'] === '#microsoft.graph.security.fileEvidence')
    .map((e) => e.fileDetails?.fileName)
    .filter((n): n is string => typeof n === 'string')
    .map((n) => n.toLowerCase());
}
