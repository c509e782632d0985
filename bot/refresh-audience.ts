import type { Logger } from '../src/logger.js';
import type { AccessService } from '../src/triage/access/access-service.js';
import type { Permission } from '../src/triage/access/permissions.js';
import type { Alert } from '../src/triage/alert.js';
import type { TeamMember, TeamRoster } from './team-roster.js';
import { LATE, within } from './within.js';

/** Teams refreshes a card by itself for at most this many listed users (teams-platform.md §2, §10). */
export const MAX_REFRESH_USERS = 60;

/** How long a post or update waits for the roster and the access checks before going out without userIds. */
export const AUDIENCE_WAIT_MS = 2_000;

/** What the channel card itself shows: holding only these, a member's own view adds nothing worth a refresh. */
const SUMMARY_ONLY: ReadonlySet<Permission> = new Set<Permission>(['alert.view', 'digest.receive', 'channel.manage']);

/**
 * Who a channel card refreshes for by itself (`refresh.userIds`): the team's members who may see more of
 * this alert than the card shows everyone, i.e. who hold on it (role and AU scope, as a click would be
 * checked) any alert permission beyond `alert.view`: details, working on it, investigating, remediating.
 * Viewers and managers, whose own view adds no facts and no working buttons, keep the shared summary and
 * can still refresh by hand. Listing someone reveals nothing: their refresh is checked again on the server.
 *
 * Delivery never waits on this for long: when the roster cannot be read, or the reading and checking
 * take longer than `waitMs`, the card goes out without userIds (as before this existed) and it is logged;
 * until that late reading ends, the team's next cards take only what is ready, without waiting.
 */
export class RefreshAudience {
  /** Teams whose last reading ran past the wait and is still going: their cards do not wait again meanwhile. */
  private readonly slow = new Map<string, Promise<unknown>>();

  constructor(
    private readonly roster: Pick<TeamRoster, 'tryMembersOf'>,
    private readonly access: Pick<AccessService, 'permissionsOn'>,
    private readonly log: Logger,
    private readonly waitMs = AUDIENCE_WAIT_MS,
  ) {}

  /** The Teams ids (`29:…`) to list for `alert`'s card in team `teamId`; undefined: list no one (omit userIds). */
  async userIdsFor(alert: Alert, teamId: string | undefined): Promise<string[] | undefined> {
    if (!teamId) return undefined;
    // While an earlier reading is still running late, use the answer only if it is already there (cached).
    const wait = this.slow.has(teamId) ? 0 : this.waitMs;
    const work = this.compute(alert, teamId).catch((e: unknown) => {
      this.log.error({ err: e, alertId: alert.id, teamId }, 'choosing who a card refreshes for failed');
      return undefined;
    });
    const outcome = await within(work, wait);
    if (outcome === LATE) {
      if (!this.slow.has(teamId)) {
        const settled: Promise<unknown> = work.finally(() => {
          if (this.slow.get(teamId) === settled) this.slow.delete(teamId);
        });
        this.slow.set(teamId, settled);
      }
      this.log.warn({ alertId: alert.id, teamId, waitMs: wait }, 'card sent without per-user refresh: roster is slow');
      return undefined;
    }
    if (!outcome) this.log.warn({ alertId: alert.id, teamId }, 'card sent without per-user refresh: no roster');
    return outcome;
  }

  private async compute(alert: Alert, teamId: string): Promise<string[] | undefined> {
    const members = await this.roster.tryMembersOf(teamId);
    if (!members) return undefined;
    const checked = await Promise.all(
      members.map(async (m) => (m.teamsId && (await this.seesMore(m, alert)) ? m : undefined)),
    );
    return pick(
      checked.filter((m): m is TeamMember & { teamsId: string } => !!m),
      alert.assignedTo,
    );
  }

  /** Fails closed: a member whose access cannot be checked now is not listed (they can still refresh). */
  private async seesMore(member: TeamMember, alert: Alert): Promise<boolean> {
    try {
      const held = await this.access.permissionsOn({ id: member.id }, alert);
      return held.has('alert.view') && [...held].some((p) => p.startsWith('alert.') && !SUMMARY_ONLY.has(p));
    } catch {
      return false;
    }
  }
}

/**
 * At most MAX_REFRESH_USERS, chosen so the same people keep their view from one update to the next: the
 * assignee first (matched by UPN, as Graph names assignees), then everyone else by Entra object id.
 */
function pick(members: (TeamMember & { teamsId: string })[], assignee: string | undefined): string[] {
  const isAssignee = (m: TeamMember) =>
    !!assignee && m.userPrincipalName?.toLowerCase() === assignee.toLowerCase() ? 0 : 1;
  const key = (m: TeamMember) => m.id.toLowerCase();
  return [...members]
    .sort((a, b) => isAssignee(a) - isAssignee(b) || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
    .slice(0, MAX_REFRESH_USERS)
    .map((m) => m.teamsId);
}
