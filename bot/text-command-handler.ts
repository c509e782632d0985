import { CardFactory, type TurnContext } from 'botbuilder';
import { renderHelpCard } from '../cards/help-card.js';
import { md } from '../cards/card-text.js';
import type { ChannelAdmin, ChannelCandidate } from '../src/delivery/channel-admin.js';
import type { ChannelRegistry } from '../src/delivery/channel-registry.js';
import { covers } from '../src/triage/access/access-decision.js';
import type { AccessService } from '../src/triage/access/access-service.js';
import type { Alert } from '../src/triage/alert.js';
import type { AlertStore, AuditSink, Clock, Directory } from '../src/triage/ports.js';
import { renderAlertListCard } from '../cards/alert-list-card.js';
import { TriageError } from '../src/triage/triage-error.js';
import type { Actor } from './actor.js';
import type { AlertViews } from './alert-views.js';
import type { DigestCommands } from './digest-commands.js';
import { COMMAND_HELP, type TextCommand } from './text-commands.js';

/** Answers text commands in the turn they arrive in; every command checks its permission first. */
export class TextCommandHandler {
  constructor(
    private readonly admin: ChannelAdmin,
    private readonly channels: ChannelRegistry,
    private readonly store: AlertStore,
    private readonly access: AccessService,
    private readonly views: AlertViews,
    private readonly directory: Directory,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
    private readonly digests?: DigestCommands,
  ) {}

  async handle(
    context: TurnContext,
    actor: Actor,
    command: TextCommand,
    here: ChannelCandidate | undefined,
  ): Promise<void> {
    switch (command.name) {
      case 'help':
        return this.sendCard(context, renderHelpCard(COMMAND_HELP));
      case 'invalid':
        throw new TriageError('invalid', command.message);
      case 'unknown':
        return this.sendCard(
          context,
          renderHelpCard(COMMAND_HELP, `I did not understand "${truncate(command.text, 80)}". Here is what I can do:`),
        );
      case 'usage':
        await context.sendActivity(`Usage: **${md(command.usage)}** — ${md(command.description)}`);
        return;
      case 'triageHere': {
        const channel = await this.admin.triageHere(
          actor,
          requireChannel(here, 'triage here'),
          command.makeDefault,
          command.administrativeUnits,
        );
        const scope = channel.administrativeUnits
          ? ` Only alerts of AU ${md(channel.administrativeUnits.map((u) => u.displayName).join(', '))} are posted here.`
          : '';
        await context.sendActivity(
          (channel.isDefault
            ? 'This channel is now the default triage channel: alerts that no route sends elsewhere are posted here.'
            : 'This channel is now a triage channel. Use **route add <conditions>** here to choose which alerts come here, or **triage here default** to make it the default.') +
            scope,
        );
        return;
      }
      case 'routeList':
        await context.sendActivity(
          ['Routing rules (the first match wins):', ...(await this.admin.describeRoutes(actor))].join('\n\n'),
        );
        return;
      case 'routeAdd': {
        const { position } = await this.admin.addRoute(actor, requireChannel(here, 'route add'), command.conditions);
        await context.sendActivity(
          `Added rule ${position}: alerts matching **${md(command.conditions)}** will be posted in this channel.`,
        );
        return;
      }
      case 'routeRemove': {
        const rule = await this.admin.removeRoute(actor, command.position);
        await context.sendActivity(`Removed rule ${command.position} (${md(rule.text)}).`);
        return;
      }
      case 'alert':
        return this.postAlert(context, actor, command.alertId, here);
      case 'whoami':
        return this.whoami(context, actor);
      case 'myAlerts':
        return this.myAlerts(context, actor, here);
      case 'audit':
        return this.auditTrail(context, actor, command.alertId, here);
      case 'digestSubscribe':
      case 'digestUnsubscribe':
      case 'digestSettings':
      case 'digestNow':
        if (!this.digests) throw new TriageError('unavailable', 'Digests are not available in this deployment.');
        return this.digests.handle(context, actor, command, here);
    }
  }

  /** `alert <id>`: in a channel, everyone there sees the card, so the channel's AU scope must cover it too. */
  private async postAlert(
    context: TurnContext,
    actor: Actor,
    alertId: string,
    here: ChannelCandidate | undefined,
  ): Promise<void> {
    const alert = await this.store.get(alertId);
    if (!alert) throw new TriageError('not-found', 'This alert does not exist (any more), or you cannot see it.');
    await this.access.authorize(actor, 'alert.view', alert);
    if (here) {
      await this.ensureChannelMayShow(here, alert);
      return this.sendCard(context, this.views.channelCard(alert));
    }
    return this.sendCard(context, await this.views.userCard(actor, alert));
  }

  /**
   * Everyone in a channel reads the answer, so a channel bound to administrative units may only be told
   * about alerts inside them (whoever asks).
   */
  private async channelShows(here: ChannelCandidate | undefined, alert: Alert): Promise<boolean> {
    const units = here && this.channels.get(here.channelId)?.administrativeUnits;
    return (
      !units || covers({ kind: 'administrativeUnits', units: units.map((u) => u.id) }, await this.access.scopeOf(alert))
    );
  }

  private async ensureChannelMayShow(here: ChannelCandidate | undefined, alert: Alert): Promise<void> {
    if (await this.channelShows(here, alert)) return;
    const units = this.channels.get(here!.channelId)!.administrativeUnits!;
    throw new TriageError(
      'forbidden',
      `This channel only shows alerts of AU ${units.map((u) => u.displayName).join(', ')}, and this alert is outside it. Ask me in a personal chat instead.`,
    );
  }

  private async myAlerts(context: TurnContext, actor: Actor, here: ChannelCandidate | undefined): Promise<void> {
    const me = await this.directory.getUser(actor.id);
    const assigned = me ? await this.store.listAssignedTo(me.userPrincipalName) : [];
    // Assigned is not enough: the scope may have changed since, so each one is checked again.
    const visible = (
      await Promise.all(assigned.map(async (a) => ((await this.access.can(actor.id, 'alert.view', a)) ? a : undefined)))
    ).filter((a) => !!a);
    const shown = (
      await Promise.all(visible.map(async (a) => ((await this.channelShows(here, a)) ? a : undefined)))
    ).filter((a) => !!a);
    const hidden = visible.length - shown.length;
    const heading =
      `Your open alerts (${shown.length})` +
      (hidden ? ` — ${hidden} more outside this channel's scope: ask me in a personal chat` : '');
    return this.sendCard(
      context,
      renderAlertListCard(heading, shown, this.clock.now(), 'No open alerts are assigned to you.'),
    );
  }

  private async auditTrail(
    context: TurnContext,
    actor: Actor,
    alertId: string,
    here: ChannelCandidate | undefined,
  ): Promise<void> {
    const alert = await this.store.get(alertId);
    if (!alert) throw new TriageError('not-found', 'This alert does not exist (any more), or you cannot see it.');
    await this.access.authorize(actor, 'alert.view', alert);
    await this.ensureChannelMayShow(here, alert);
    const entries = await this.audit.forAlert(alert.id, 20);
    const lines = entries.map((e) => {
      const who = e.actor === 'system' ? 'DLP Triage' : (e.actor.name ?? e.actor.id);
      return `- ${e.at.slice(0, 16).replace('T', ' ')} UTC · ${md(who)} · ${md(e.action)} · ${e.outcome}${e.reason ? ` (${md(e.reason)})` : ''}`;
    });
    await context.sendActivity(
      lines.length
        ? [`Audit trail of ${md(alert.id)} (latest ${lines.length}):`, lines.join('\n')].join('\n\n')
        : `Nothing has been recorded for ${md(alert.id)} yet.`,
    );
  }

  private async whoami(context: TurnContext, actor: Actor): Promise<void> {
    const grants = await this.access.grantsOf(actor.id);
    const lines = grants.map((g) => {
      const scope = g.scope.kind === 'unrestricted' ? 'unrestricted' : `AU ${md(g.scope.units.join(', '))}`;
      const via = g.principal.kind === 'group' ? ` (through group ${md(g.name ?? g.principal.id)})` : '';
      return `- **${g.roles.join(', ')}**: ${scope}${via}`;
    });
    await context.sendActivity(
      [
        `You are **${md(actor.name)}** (Entra object id ${md(actor.id)}).`,
        lines.length
          ? `Your grants:\n\n${lines.join('\n')}`
          : 'You have no grants in the access policy, so you cannot see or act on alerts. Ask your DLP Triage admin.',
      ].join('\n\n'),
    );
  }

  private async sendCard(context: TurnContext, card: Record<string, unknown>): Promise<void> {
    await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  }
}

function requireChannel(here: ChannelCandidate | undefined, command: string): ChannelCandidate {
  if (!here)
    throw new TriageError(
      'invalid',
      `"${command}" works in a team channel: mention me there, e.g. "@DLP Triage ${command}".`,
    );
  return here;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
