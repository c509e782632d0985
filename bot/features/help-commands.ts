import { md } from '../../cards/card-text.js';
import { renderHelpCard } from '../../cards/help-card.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import { cardAnswer, textAnswer } from '../registry/answer.js';
import type { Inputs, Registry } from '../registry/registry.js';
import { textCommand, type TextCommandSpec } from '../registry/text-command.js';
import { noArgs } from './arguments.js';

export const HELP_COMMAND = {
  name: 'help',
  aliases: ['?', ''],
  usage: 'help',
  description: 'List these commands.',
  parse: noArgs,
  menu: 'List every command',
} satisfies TextCommandSpec<''>;

export const WHOAMI_COMMAND = {
  name: 'whoami',
  usage: 'whoami',
  description: 'Your roles and their scopes, as DLP Triage sees them.',
  parse: noArgs,
  menu: 'Your roles and scopes as DLP Triage sees them',
} satisfies TextCommandSpec<''>;

/** `help` (every command the registry holds) and `whoami` (the asker's grants). */
export function helpCommands(
  registry: Pick<Registry, 'textCommands'>,
  access: Pick<AccessService, 'grantsOf'>,
): Inputs {
  return {
    textCommands: [
      textCommand(HELP_COMMAND, async () => cardAnswer(renderHelpCard(registry.textCommands))),
      textCommand(WHOAMI_COMMAND, async ({ actor }) => {
        const grants = await access.grantsOf(actor.id);
        const lines = grants.map((g) => {
          const scope = g.scope.kind === 'unrestricted' ? 'unrestricted' : `AU ${md(g.scope.units.join(', '))}`;
          const via = g.principal.kind === 'group' ? ` (through group ${md(g.name ?? g.principal.id)})` : '';
          return `- **${g.roles.join(', ')}**: ${scope}${via}`;
        });
        const yours = lines.length
          ? `Your grants:\n\n${lines.join('\n')}`
          : 'You have no grants in the access policy, so you cannot see or act on alerts. Ask your DLP Triage admin.';
        return textAnswer([`You are **${md(actor.name)}** (Entra object id ${md(actor.id)}).`, yours].join('\n\n'));
      }),
    ],
  };
}
