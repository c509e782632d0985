import path from 'node:path';
import { z } from 'zod';
import { triageChannelSchema, type TriageChannel } from '../../delivery/channel-registry.js';
import type { ChannelRepository } from '../../delivery/channel-repository.js';
import { SERVICE_SOURCES } from '../../triage/alert-sources.js';
import type { RouteRule } from '../../triage/routing.js';
import { Journal } from './journal.js';

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
    sources: z.array(z.enum(SERVICE_SOURCES)).optional(),
    tags: z.array(z.string()).optional(),
  }),
  group: z.literal('incident').optional(),
});
const routesSchema = z.array(routeRuleSchema);
const ROUTES_KEY = 'rules';

/**
 * Triage channels in `DATA_DIR/channels.jsonl` (keyed by channel id) and the routing rules in
 * `DATA_DIR/routes.jsonl` (one record, `rules`, rewritten whole).
 */
export class JournalChannels implements ChannelRepository {
  private constructor(
    private readonly channels: Journal<TriageChannel>,
    private readonly rules: Journal<RouteRule[]>,
  ) {}

  static async open(dataDir: string): Promise<JournalChannels> {
    const channels = await Journal.open(path.join(dataDir, 'channels.jsonl'), triageChannelSchema);
    try {
      return new JournalChannels(channels, await Journal.open(path.join(dataDir, 'routes.jsonl'), routesSchema));
    } catch (e) {
      await channels.close();
      throw e;
    }
  }

  async listChannels(): Promise<TriageChannel[]> {
    return this.channels.values();
  }

  saveChannels(channels: readonly TriageChannel[]): Promise<void> {
    return this.channels.write(channels.map((c) => [c.channelId, c] as const));
  }

  async routes(): Promise<RouteRule[]> {
    return this.rules.get(ROUTES_KEY) ?? [];
  }

  saveRoutes(rules: readonly RouteRule[]): Promise<void> {
    return this.rules.set(ROUTES_KEY, [...rules]);
  }

  async close(): Promise<void> {
    await this.channels.close();
    await this.rules.close();
  }
}
