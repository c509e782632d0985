import { CardFactory, type TurnContext } from 'botbuilder';
import { renderHelpCard } from '../cards/help-card.js';
import type { ChannelAdmin } from '../src/delivery/channel-admin.js';
import type { TriageChannel } from '../src/delivery/channel-registry.js';
import type { Alert } from '../src/triage/alert.js';
import type { AlertStore } from '../src/triage/ports.js';
import { TriageError } from '../src/triage/triage-error.js';
import { COMMAND_HELP, type TextCommand } from './text-commands.js';

type ChannelHere = Omit<TriageChannel, 'isDefault'> | undefined;

/** Answers text commands in the turn they arrive in. */
export class TextCommandHandler {
  constructor(
    private readonly admin: ChannelAdmin,
    private readonly store: AlertStore,
    private readonly renderShared: (alert: Alert) => Record<string, unknown>,
  ) {}

  async handle(context: TurnContext, command: TextCommand, here: ChannelHere): Promise<void> {
    switch (command.name) {
      case 'help':
        return this.sendCard(context, renderHelpCard(COMMAND_HELP));
      case 'unknown':
        return this.sendCard(context, renderHelpCard(COMMAND_HELP, `I did not understand "${truncate(command.text, 80)}". Here is what I can do:`));
      case 'triageHere': {
        const channel = await this.admin.registerChannel(requireChannel(here, 'triage here'), command.makeDefault);
        await context.sendActivity(
          channel.isDefault
            ? 'This channel is now the default triage channel: alerts that no route sends elsewhere are posted here.'
            : 'This channel is now a triage channel. Use **route add <conditions>** here to choose which alerts come here, or **triage here default** to make it the default.',
        );
        return;
      }
      case 'routeList':
        await context.sendActivity(['Routing rules (the first match wins):', ...this.admin.describeRoutes()].join('\n\n'));
        return;
      case 'routeAdd': {
        const { position } = await this.admin.addRoute(requireChannel(here, 'route add'), command.conditions);
        await context.sendActivity(`Added rule ${position}: alerts matching **${command.conditions}** will be posted in this channel.`);
        return;
      }
      case 'routeRemove': {
        const rule = await this.admin.removeRoute(command.position);
        await context.sendActivity(`Removed rule ${command.position} (${rule.text}).`);
        return;
      }
      case 'alert': {
        const alert = await this.store.get(command.alertId);
        if (!alert) throw new TriageError('not-found', `There is no alert "${truncate(command.alertId, 80)}" that you can see.`);
        return this.sendCard(context, this.renderShared(alert));
      }
    }
  }

  private async sendCard(context: TurnContext, card: Record<string, unknown>): Promise<void> {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }
}

function requireChannel(here: ChannelHere, command: string): Omit<TriageChannel, 'isDefault'> {
  if (!here) throw new TriageError('invalid', `"${command}" works in a team channel: mention me there, e.g. "@DLP Triage ${command}".`);
  return here;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
