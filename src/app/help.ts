import { helpCommands } from '../../bot/features/help-commands.js';
import type { Contribution } from './capability.js';
import type { Parts } from './parts.js';

/** `help` (every command the registry holds) and `whoami`. */
export function helpCapability({ registry, access }: Parts): Contribution {
  return { inputs: [helpCommands(registry, access)] };
}
