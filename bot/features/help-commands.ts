import { md } from '../../cards/card-text.js';
import { renderHelpCard } from '../../cards/help-card.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import { helpLines } from '../command-router.js';
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
      textCommand(HELP_COMMAND, async ({ i18n }) =>
        cardAnswer(renderHelpCard(helpLines(registry.textCommands, i18n), i18n)),
      ),
      textCommand(WHOAMI_COMMAND, async ({ actor, i18n }) => {
        const grants = await access.grantsOf(actor.id);
        const lines = grants.map((g) => {
          const scope =
            g.scope.kind === 'unrestricted'
              ? i18n.t('whoami.unrestricted')
              : i18n.t('whoami.units', { units: md(i18n.list(g.scope.units)) });
          const roles = md(g.roles.join(', '));
          if (g.principal.kind !== 'group') return i18n.t('whoami.grant', { roles, scope });
          return i18n.t('whoami.grantThroughGroup', { roles, scope, group: md(g.name ?? g.principal.id) });
        });
        const yours = lines.length ? `${i18n.t('whoami.grants')}\n\n${lines.join('\n')}` : i18n.t('whoami.none');
        return textAnswer([i18n.t('whoami.you', { name: md(actor.name), id: md(actor.id) }), yours].join('\n\n'));
      }),
    ],
  };
}
