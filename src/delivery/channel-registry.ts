import { z } from 'zod';
import type { RouteRule } from '../triage/routing.js';
import type { ChannelRepository } from './channel-repository.js';

export const triageChannelSchema = z.object({
  channelId: z.string(),
  teamId: z.string(),
  tenantId: z.string(),
  serviceUrl: z.string(),
  teamName: z.string().optional(),
  channelName: z.string().optional(),
  isDefault: z.boolean(),
  /** When set, only alerts whose subject is in one of these administrative units are posted here. */
  administrativeUnits: z.array(z.object({ id: z.string(), displayName: z.string() })).optional(),
  registeredBy: z.string().optional(),
  /** `incident`: one thread per incident here (`triage here group=incident`); else one per alert. */
  group: z.literal('incident').optional(),
  registeredAt: z.string(),
});
export type TriageChannel = z.infer<typeof triageChannelSchema>;

/**
 * Triage channels (where alert threads are posted) and the ordered routing rules, stored through a
 * ChannelRepository. Both are kept in memory, read once at load: the outbox sender checks the channel
 * of every item on every tick, and routing, the digest and the bot read them synchronously.
 */
export class ChannelRegistry {
  private readonly listeners = new Set<() => void>();
  private readonly channels = new Map<string, TriageChannel>();

  private constructor(
    private readonly repository: ChannelRepository,
    stored: readonly TriageChannel[],
    private rules: RouteRule[],
  ) {
    for (const channel of stored) this.channels.set(channel.channelId, channel);
  }

  /** The registry over what the repository holds now. */
  static async load(repository: ChannelRepository): Promise<ChannelRegistry> {
    return new ChannelRegistry(repository, await repository.listChannels(), await repository.routes());
  }

  list(): TriageChannel[] {
    return [...this.channels.values()];
  }

  get(channelId: string): TriageChannel | undefined {
    return this.channels.get(channelId);
  }

  defaultChannel(): TriageChannel | undefined {
    return this.list().find((c) => c.isDefault);
  }

  /**
   * Adds or refreshes a triage channel. It becomes the default when asked to, or when there is no
   * default yet; making one default clears the flag on the others.
   */
  async register(channel: Omit<TriageChannel, 'isDefault'>, makeDefault = false): Promise<TriageChannel> {
    const current = this.defaultChannel();
    const isDefault = makeDefault || !current || current.channelId === channel.channelId;
    const saved: TriageChannel = { ...this.channels.get(channel.channelId), ...channel, isDefault };
    const demoted =
      isDefault && current && current.channelId !== channel.channelId ? [{ ...current, isDefault: false }] : [];
    const changes = [...demoted, saved];
    for (const c of changes) this.channels.set(c.channelId, c);
    await this.repository.saveChannels(changes);
    this.notify();
    return saved;
  }

  routes(): RouteRule[] {
    return this.rules;
  }

  async setRoutes(rules: RouteRule[]): Promise<void> {
    this.rules = rules;
    await this.repository.saveRoutes(rules);
    this.notify();
  }

  /** Called after channels or routes change (parked alerts may now have somewhere to go). */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
