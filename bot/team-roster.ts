import type { ChannelRegistry } from '../src/delivery/channel-registry.js';
import type { Logger } from '../src/logger.js';
import type { Clock } from '../src/triage/ports.js';

export interface TeamMember {
  /** Entra object id. */
  id: string;
  /** Teams member id (`29:…`), what Teams' people picker and mentions carry; never shown to users. */
  teamsId?: string;
  name: string;
}

/** Where members come from: the Bot Connector's paged member list. */
export interface MemberSource {
  members(serviceUrl: string, conversationId: string): Promise<{ id?: string; aadObjectId?: string; name?: string }[]>;
}

const TTL_MS = 10 * 60_000;

/**
 * The members of a team the bot is installed in, for the Assign choices. Read through the Bot Connector
 * (paged) and kept for ten minutes; when Teams cannot answer, the card falls back to typing a UPN.
 */
export class TeamRoster {
  private readonly cache = new Map<string, { at: number; members: Promise<TeamMember[]> }>();

  constructor(
    private readonly connector: MemberSource,
    private readonly channels: ChannelRegistry,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  async membersOf(teamId: string): Promise<TeamMember[]> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(teamId);
    if (hit && now - hit.at < TTL_MS) return hit.members;
    const channel = this.channels.list().find((c) => c.teamId === teamId);
    if (!channel) return [];
    const members = this.connector
      .members(channel.serviceUrl, teamId)
      .then((list) =>
        list.flatMap((m) =>
          m.aadObjectId ? [{ id: m.aadObjectId, teamsId: m.id, name: m.name || 'Unnamed member' }] : [],
        ),
      )
      .catch((e) => {
        this.log.warn({ err: e, teamId }, 'could not read the team members; Assign falls back to typing a UPN');
        this.cache.delete(teamId);
        return [];
      });
    this.cache.set(teamId, { at: now, members });
    return members;
  }

  /** The team member with this Teams member id (`29:…`), or undefined when the team has no such member. */
  async memberByTeamsId(teamId: string, teamsId: string): Promise<TeamMember | undefined> {
    return (await this.membersOf(teamId)).find((m) => m.teamsId === teamsId);
  }
}
