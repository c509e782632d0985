import { ALERT_COMMAND, AUDIT_COMMAND, MY_ALERTS_COMMAND } from './features/alert-commands.js';
import {
  ROUTE_ADD_COMMAND,
  ROUTE_LIST_COMMAND,
  ROUTE_REMOVE_COMMAND,
  TRIAGE_HERE_COMMAND,
} from './features/channel-commands.js';
import { DIGEST_COMMAND } from './features/digest-command.js';
import { HELP_COMMAND, WHOAMI_COMMAND } from './features/help-commands.js';
import { INCIDENT_COMMAND } from './features/incident-verbs.js';
import { INVESTIGATE_COMMAND } from './features/investigation-inputs.js';
import type { TextCommandSpec } from './registry/text-command.js';

/**
 * Every text command's spec, for what is built without a running bot: the Teams command menu in the
 * app package (scripts/app-package.ts). The running bot lists the commands its registry holds;
 * test/unit/bot/command-catalog.test.ts keeps the two equal.
 */
export const TEXT_COMMAND_SPECS: readonly TextCommandSpec<unknown>[] = [
  HELP_COMMAND,
  WHOAMI_COMMAND,
  TRIAGE_HERE_COMMAND,
  ROUTE_LIST_COMMAND,
  ROUTE_ADD_COMMAND,
  ROUTE_REMOVE_COMMAND,
  ALERT_COMMAND,
  MY_ALERTS_COMMAND,
  AUDIT_COMMAND,
  DIGEST_COMMAND,
  INVESTIGATE_COMMAND,
  INCIDENT_COMMAND,
];

/** A Teams manifest command list for one scope, derived from the specs. */
export function manifestCommands(scope: 'team' | 'personal'): { title: string; description: string }[] {
  const offered = (c: TextCommandSpec<unknown>) => (scope === 'team' ? !c.personalOnly : !c.channelOnly);
  return TEXT_COMMAND_SPECS.filter((c) => c.menu && offered(c)).map((c) => ({
    title: c.name,
    description: c.menu!,
  }));
}
