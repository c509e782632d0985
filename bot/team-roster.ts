import type { ChannelRegistry } from '../src/delivery/channel-registry.js';
import type { Logger } from '../src/logger.js';
import type { Clock } from '../src/triage/ports.js';

export interface TeamMember {
  /** Entra object id. */
  id: string;
  /** Teams member id (`29:…`), what Teams' people picker, mentions and `refresh.userIds` carry; never shown. */
  teamsId?: string;
  name: string;
  /** As Teams' member list gives it (to recognise an alert's assignee, whom Graph names by UPN). */
  userPrincipalName?: string;
}

/** Where members come from: the Bot Connector's paged member list. */
export interface MemberSource {
  members(
    serviceUrl: string,
    conversationId: string,
  ): Promise<{ id?: string; aadObjectId?: string; name?: string; userPrincipalName?: string }[]>;
}

const TTL_MS = 10 * 60_000;

/**
 * The members of a team the bot is installed in, for the Assign choices and the people a channel card
 * refreshes for by itself. Read through the Bot Connector (paged) and kept for ten minutes; a failed read
 * is forgotten at once, so the next request asks again.
 */
export class TeamRoster {
  private readonly cache = new Map<string, { at: number; members: Promise<TeamMember[]> }>();

  constructor(
    private readonly connector: MemberSource,
    private readonly channels: ChannelRegistry,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** The members; an empty list when Teams cannot answer (the card falls back to typing a UPN). */
  async membersOf(teamId: string): Promise<TeamMember[]> {
    return (await this.tryMembersOf(teamId)) ?? [];
  }

  /**
   * The members, or undefined when they cannot be read (no triage channel in that team to reach it through)
   * or Teams could not answer (logged): for callers that must tell "nobody" from "unknown".
   */
  async tryMembersOf(teamId: string): Promise<TeamMember[] | undefined> {
    return this.read(teamId)?.catch(() => undefined);
  }

  /** The team member with this Teams member id (`29:…`), or undefined when the team has no such member. */
  async memberByTeamsId(teamId: string, teamsId: string): Promise<TeamMember | undefined> {
    return (await this.membersOf(teamId)).find((m) => m.teamsId === teamsId);
  }

  /** The cached read, or a new one (rejects when Teams could not answer); undefined for a team it cannot reach. */
  private read(teamId: string): Promise<TeamMember[]> | undefined {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(teamId);
    if (hit && now - hit.at < TTL_MS) return hit.members;
    const channel = this.channels.list().find((c) => c.teamId === teamId);
    if (!channel) return undefined;
    const members = this.connector.members(channel.serviceUrl, teamId).then(
      (list) =>
        list.flatMap((m) =>
          m.aadObjectId
            ? [
                {
                  id: m.aadObjectId,
                  teamsId: m.id,
                  name: m.name || 'Unnamed member',
                  userPrincipalName: m.userPrincipalName,
                },
              ]
            : [],
        ),
      (e: unknown) => {
        this.log.warn({ err: e, teamId }, 'could not read the team members');
        if (this.cache.get(teamId)?.members === members) this.cache.delete(teamId);
        throw e;
      },
    );
    // Handled by every caller; this keeps an unawaited read from surfacing as an unhandled rejection.
    members.catch(() => undefined);
    this.cache.set(teamId, { at: now, members });
    return members;
  }
}
