import { z } from 'zod';
import type { Logger } from '../../logger.js';
import type { AdministrativeUnit, Directory, DirectoryUser } from '../../triage/ports.js';
import { isUserKey } from '../../triage/ids.js';
import { TriageError } from '../../triage/triage-error.js';
import type { GraphOperation } from './graph-failure.js';
import type { GraphGateway } from './graph-gateway.js';
import { graphPath } from './graph-path.js';
import { PERMISSIONS } from './graph-permissions.js';

const userSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
});
const unitSchema = z.looseObject({ id: z.string().min(1), displayName: z.string().nullish() });
const memberGroupsSchema = z.looseObject({ value: z.array(z.string()) });
const groupSchema = z.looseObject({ id: z.string().min(1), securityEnabled: z.boolean().nullish() });

const op = (doing: string, permission: GraphOperation['permission']): GraphOperation => ({ doing, permission });

/**
 * The Directory port over Microsoft Graph (graph-api.md §5.1), app-only. Wrap it in CachedDirectory:
 * the access model asks on every click. An unknown user has no groups and no units (as the port says);
 * any other failure throws, and the access model then fails closed.
 */
export class GraphDirectory implements Directory {
  constructor(
    private readonly graph: GraphGateway,
    private readonly log: Logger,
  ) {}

  /**
   * Transitive security groups through `getMemberGroups` (one call, strongly consistent, up to 11,000
   * ids); past that limit Graph answers 400 `Directory_ResultSizeLimitExceeded`, and the paged
   * `transitiveMemberOf` cast (eventually consistent) takes over.
   */
  async groupsOf(userId: string): Promise<string[]> {
    const doing = op('read your group memberships', PERMISSIONS.groupMembershipRead);
    const user = userPath(userId);
    try {
      const answer = await this.graph.call(doing, (api) =>
        api(`${user}/getMemberGroups`).post({ securityEnabledOnly: true }),
      );
      return this.graph.parse(doing, memberGroupsSchema, answer).value;
    } catch (e) {
      if (isCode(e, 'not-found')) return [];
      if (!isCode(e, 'invalid')) throw e;
      this.log.info({ userId }, 'getMemberGroups refused (too many groups?); listing transitiveMemberOf instead');
      const request = this.graph
        .api(`${user}/transitiveMemberOf/microsoft.graph.group`)
        .header('ConsistencyLevel', 'eventual')
        .query('$select=id,securityEnabled&$top=999&$count=true');
      const groups = await this.graph.all(doing, request, { ConsistencyLevel: 'eventual' });
      return groups
        .map((g) => this.graph.parse(doing, groupSchema, g))
        .filter((g) => g.securityEnabled !== false)
        .map((g) => g.id);
    }
  }

  /**
   * Direct AU memberships: membership of a group that is in an AU does not put its members in the AU.
   * Without AdministrativeUnit.Read.All, Graph returns the units without names; they still match by id.
   */
  async administrativeUnitsOf(userId: string): Promise<AdministrativeUnit[]> {
    const doing = op("read a user's administrative units", PERMISSIONS.usersRead);
    const user = userPath(userId);
    try {
      const units = await this.graph.all(
        doing,
        this.graph.api(`${user}/memberOf/microsoft.graph.administrativeUnit`).query('$select=id,displayName'),
      );
      return units
        .map((u) => this.graph.parse(doing, unitSchema, u))
        .map((u) => ({ id: u.id, displayName: u.displayName ?? u.id }));
    } catch (e) {
      if (isCode(e, 'not-found')) return [];
      throw e;
    }
  }

  async getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    const doing = op('look up a user', PERMISSIONS.usersRead);
    // Neither an object id nor a UPN (people type names into commands): nobody, without asking Graph.
    if (!isUserKey(idOrUpn.trim())) return undefined;
    try {
      const answer = await this.graph.call(doing, (api) =>
        api(userPath(idOrUpn)).query('$select=id,displayName,userPrincipalName,accountEnabled').get(),
      );
      const u = this.graph.parse(doing, userSchema, answer);
      const upn = u.userPrincipalName ?? '';
      return {
        id: u.id,
        displayName: u.displayName ?? upn,
        userPrincipalName: upn,
        ...(typeof u.accountEnabled === 'boolean' ? { accountEnabled: u.accountEnabled } : {}),
      };
    } catch (e) {
      // 400: not a valid id or UPN (people type names into commands); 404: no such user.
      if (isCode(e, 'not-found') || isCode(e, 'invalid')) return undefined;
      throw e;
    }
  }

  async listAdministrativeUnits(): Promise<AdministrativeUnit[]> {
    const doing = op('list the administrative units', PERMISSIONS.administrativeUnitsRead);
    const units = await this.graph.all(
      doing,
      this.graph.api('/directory/administrativeUnits').query('$select=id,displayName'),
    );
    return units
      .map((u) => this.graph.parse(doing, unitSchema, u))
      .map((u) => ({ id: u.id, displayName: u.displayName ?? u.id }));
  }
}

const userPath = (idOrUpn: string) => graphPath`/users/${idOrUpn.trim()}`;
const isCode = (e: unknown, code: TriageError['code']) => e instanceof TriageError && e.code === code;
