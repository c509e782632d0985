import { TriageError } from '../src/triage/triage-error.js';
import { ASSIGNEE_NOT_FOUND } from '../src/triage/unknown-assignee.js';
import type { TeamRoster } from './team-roster.js';

/** Teams member ids (bot-scoped, `29:…`): what Teams' people picker and the Agents Playground's send. */
const TEAMS_MEMBER_ID = /^29:/;

/**
 * Turns the `assignee` a card sent into what the directory knows: a Teams member id becomes the member's
 * Entra object id through the roster of the team the card is in; an Entra object id or a UPN passes
 * through unchanged. A Teams member id the team does not have is refused without repeating it.
 */
export class AssigneeResolver {
  constructor(private readonly roster: Pick<TeamRoster, 'memberByTeamsId'>) {}

  async resolve(assignee: string, teamId: string | undefined): Promise<string> {
    const value = assignee.trim();
    if (!TEAMS_MEMBER_ID.test(value)) return value;
    const member = teamId ? await this.roster.memberByTeamsId(teamId, value) : undefined;
    if (!member) throw new TriageError('invalid', ASSIGNEE_NOT_FOUND);
    return member.id;
  }
}
