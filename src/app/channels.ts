import { channelCommands } from '../../bot/features/channel-commands.js';
import type { Contribution } from './capability.js';
import type { Parts } from './parts.js';

/** Triage channels and routing rules: `triage here`, `route list|add|remove` (the admin role, AU-scoped). */
export function channelsCapability({ admin }: Parts): Contribution {
  return { inputs: [channelCommands(admin)] };
}
