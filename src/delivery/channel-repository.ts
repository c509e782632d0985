import type { RouteRule } from '../triage/routing.js';
import type { TriageChannel } from './channel-registry.js';

/**
 * Durable storage of the triage channels (by channel id) and of the one ordered list of routing rules.
 * Which channel is the default is decided by ChannelRegistry; this keeps what it is given.
 */
export interface ChannelRepository {
  /** Every registered channel, in no particular order. */
  listChannels(): Promise<TriageChannel[]>;
  /** Adds channels, or replaces those with the same channel id, in one write (a new default and the old one). */
  saveChannels(channels: readonly TriageChannel[]): Promise<void>;
  /** The routing rules in their order; empty when none were ever set. */
  routes(): Promise<RouteRule[]>;
  /** Replaces the whole list of routing rules; resolves once durable. */
  saveRoutes(rules: readonly RouteRule[]): Promise<void>;
}
