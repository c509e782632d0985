import { parseRouteConditions, type RouteRule } from '../triage/routing.js';
import { TriageError } from '../triage/triage-error.js';
import type { ChannelRegistry, TriageChannel } from './channel-registry.js';

/** The channel and routing commands (`triage here`, `route add|list|remove`) over the registry. */
export class ChannelAdmin {
  constructor(private readonly channels: ChannelRegistry) {}

  defaultChannelId(): string | undefined {
    return this.channels.defaultChannel()?.channelId;
  }

  /** Makes a channel a triage channel (and the default when asked, or when there is none yet). */
  registerChannel(channel: Omit<TriageChannel, 'isDefault'>, makeDefault: boolean): Promise<TriageChannel> {
    return this.channels.register(channel, makeDefault);
  }

  /** Adds a rule at the end of the list sending matching alerts to `channel`, which becomes a triage channel. */
  async addRoute(channel: Omit<TriageChannel, 'isDefault'>, conditionsText: string): Promise<{ rule: RouteRule; position: number }> {
    const conditions = parseRouteConditions(conditionsText);
    if (!this.channels.get(channel.channelId)) await this.channels.register(channel);
    const rule: RouteRule = { conditions, channelId: channel.channelId, text: conditionsText.trim() };
    const rules = [...this.channels.routes(), rule];
    await this.channels.setRoutes(rules);
    return { rule, position: rules.length };
  }

  /** Removes rule number `position` (1-based, as `route list` shows it). */
  async removeRoute(position: number): Promise<RouteRule> {
    const rules = this.channels.routes();
    const rule = rules[position - 1];
    if (!rule) {
      throw new TriageError('invalid', rules.length ? `There is no rule ${position}; route list shows rules 1 to ${rules.length}.` : 'There are no routing rules to remove.');
    }
    await this.channels.setRoutes(rules.filter((_, i) => i !== position - 1));
    return rule;
  }

  /** Human-readable lines for `route list`. */
  describeRoutes(): string[] {
    const name = (id: string) => {
      const c = this.channels.get(id);
      return c ? `${c.teamName ?? 'team'} › ${c.channelName ?? 'General'}` : `(unregistered channel)`;
    };
    const lines = this.channels.routes().map((r, i) => `${i + 1}. ${r.text} → ${name(r.channelId)}`);
    const fallback = this.channels.defaultChannel();
    lines.push(fallback ? `Otherwise → ${name(fallback.channelId)} (default)` : 'Otherwise → no default triage channel yet: alerts wait until one is set with "triage here".');
    return lines;
  }
}
