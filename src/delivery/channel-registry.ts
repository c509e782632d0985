import path from 'node:path';
import { z } from 'zod';
import { Journal } from '../state/file/journal.js';
import type { RouteRule } from '../triage/routing.js';

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
  registeredAt: z.string(),
});
export type TriageChannel = z.infer<typeof triageChannelSchema>;

const routeRuleSchema = z.object({
  channelId: z.string(),
  text: z.string(),
  conditions: z.object({
    severity: z
      .object({ op: z.enum(['>=', '=']), value: z.enum(['unknown', 'informational', 'low', 'medium', 'high']) })
      .optional(),
    workloads: z.array(z.enum(['SharePoint', 'OneDrive', 'Exchange', 'Teams', 'Endpoint', 'Other'])).optional(),
    policy: z.string().optional(),
    administrativeUnits: z.array(z.string()).optional(),
  }),
});
const routesSchema = z.array(routeRuleSchema);

/** Triage channels (where alert threads are posted) and the ordered routing rules, kept durably. */
export class ChannelRegistry {
  private readonly listeners = new Set<() => void>();

  private constructor(
    private readonly channels: Journal<TriageChannel>,
    private readonly routesJournal: Journal<RouteRule[]>,
  ) {}

  static async open(dataDir: string): Promise<ChannelRegistry> {
    return new ChannelRegistry(
      await Journal.open(path.join(dataDir, 'channels.jsonl'), triageChannelSchema),
      await Journal.open(path.join(dataDir, 'routes.jsonl'), routesSchema),
    );
  }

  list(): TriageChannel[] {
    return this.channels.values();
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
      isDefault && current && current.channelId !== channel.channelId
        ? [[current.channelId, { ...current, isDefault: false }] as const]
        : [];
    await this.channels.write([...demoted, [channel.channelId, saved]]);
    this.notify();
    return saved;
  }

  routes(): RouteRule[] {
    return this.routesJournal.get('rules') ?? [];
  }

  async setRoutes(rules: RouteRule[]): Promise<void> {
    await this.routesJournal.set('rules', rules);
    this.notify();
  }

  /** Called after channels or routes change (parked alerts may now have somewhere to go). */
  onChange(listener: () => void): void {
    this.listeners.add(listener);
  }

  async close(): Promise<void> {
    await this.channels.close();
    await this.routesJournal.close();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
