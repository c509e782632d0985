import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import type { Logger } from '../src/logger.js';
import type { ChannelAdmin, ChannelCandidate } from '../src/delivery/channel-admin.js';
import type { CardRegistry } from '../src/delivery/card-registry.js';
import type { PersonalChats } from '../src/delivery/personal-chats.js';
import type { Clock } from '../src/triage/ports.js';
import { TriageError } from '../src/triage/triage-error.js';
import type { CardActions } from './card-actions.js';
import type { ThreadReviewer } from './thread-reviewer.js';
import { errorInvokeResponse, errorMessage } from './error-presenter.js';
import { parseTextCommand } from './text-commands.js';
import type { TextCommandHandler } from './text-command-handler.js';
import { actorOf, tenantOf } from './actor.js';

/**
 * The Teams glue: registers triage channels when the bot is installed in a team, answers text commands,
 * hands messages in alert threads to the reviewer loop and routes card actions. Everything it decides is delegated; it
 * only translates Teams activities.
 */
export class TriageBot extends TeamsActivityHandler {
  constructor(
    private readonly admin: ChannelAdmin,
    private readonly chats: PersonalChats,
    private readonly commands: TextCommandHandler,
    private readonly actions: CardActions,
    private readonly threads: Pick<CardRegistry, 'alertIdForThread'>,
    private readonly reviewer: ThreadReviewer,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {
    super();
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberPersonalChat(context);
      await this.registerTeamOnInstall(context);
      await next();
    });
    this.onTeamsMembersAddedEvent(async (membersAdded, _teamInfo, context, next) => {
      if (membersAdded.some((m) => m.id === context.activity.recipient.id)) await this.registerTeamOnInstall(context);
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.rememberPersonalChat(context);
      await this.handleMessage(context);
      await next();
    });
  }

  /**
   * Invokes other than card actions (message extensions, task modules, sign-in…) are features this bot
   * does not have: a client asking for one gets a plain 400, not botbuilder's 501.
   */
  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== 'adaptiveCard/action') {
      this.log.info(
        { activityId: context.activity.id, name: String(context.activity.name).slice(0, 80) },
        'invoke not handled',
      );
      return { status: 400, body: { error: 'DLP Triage does not handle this kind of request.' } };
    }
    return super.onInvokeActivity(context);
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    try {
      return await this.actions.handle(context.activity, value);
    } catch (e) {
      return errorInvokeResponse(e, this.log, { activityId: context.activity.id, verb: value?.action?.verb });
    }
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    // Card Action.Submit fallbacks (old clients) arrive as messages with a value and no text.
    if (!activity.text && activity.value) {
      await context.sendActivity('This card needs a newer Teams client: please update Teams and try the button again.');
      return;
    }
    const mentionsBot = (activity.entities ?? []).some(
      (e) => e.type === 'mention' && e.mentioned?.id === activity.recipient?.id,
    );
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const threadAlertId = this.threads.alertIdForThread(activity.conversation.id);
    if (threadAlertId) {
      await this.runInThread(context, threadAlertId, text);
      return;
    }
    // With the ChannelMessage.Read.Group consent Teams delivers every channel message; outside alert
    // threads only the ones addressed to the bot are for us, and the rest are ignored without a trace.
    if (activity.conversation.conversationType === 'channel' && !mentionsBot) return;
    const command = parseTextCommand(text);
    try {
      await this.commands.handle(context, actorOf(activity), command, this.channelOf(context));
    } catch (e) {
      await context.sendActivity(errorMessage(e, this.log, { activityId: activity.id, command: command.name }));
    }
  }

  private async runInThread(context: TurnContext, alertId: string, text: string): Promise<void> {
    let actor;
    try {
      actor = actorOf(context.activity);
    } catch (e) {
      await context.sendActivity(errorMessage(e, this.log, { activityId: context.activity.id, alertId }));
      return;
    }
    await this.reviewer.handle(context, actor, alertId, text);
  }

  /** A 1:1 chat is where the bot can reach this person later (assignment notices). */
  private async rememberPersonalChat(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const userId = activity.from?.aadObjectId;
    const tenantId = tenantOf(activity);
    if (activity.conversation?.conversationType !== 'personal' || !userId || !tenantId) return;
    await this.chats.remember({
      userId,
      conversationId: activity.conversation.id,
      serviceUrl: activity.serviceUrl,
      tenantId,
    });
  }

  /** On install into a team: the General channel becomes a triage channel (the default if none is set). */
  private async registerTeamOnInstall(context: TurnContext): Promise<void> {
    const channel = this.channelOf(context, true);
    if (!channel) return; // personal or group chat install: nothing to register
    const hadDefault = !!this.admin.defaultChannelId();
    const saved = await this.admin.registerOnInstall(channel);
    this.log.info(
      { teamId: channel.teamId, channelId: channel.channelId, isDefault: saved.isDefault },
      'installed in a team',
    );
    if (saved.isDefault && !hadDefault) {
      await context.sendActivity(
        'DLP Triage is ready: new DLP alerts will be posted in this channel, each in its own thread. ' +
          'Mention me with **help** to see the commands, or **triage here** in another channel to send alerts there.',
      );
    }
  }

  /**
   * The channel an activity happened in, as a triage channel candidate; undefined outside a team.
   * `general` picks the team's General channel (its id is the team id) for install events.
   */
  private channelOf(context: TurnContext, general = false): ChannelCandidate | undefined {
    const activity = context.activity;
    const data = activity.channelData as
      { team?: { id?: string; name?: string }; channel?: { id?: string; name?: string } } | undefined;
    const teamId = data?.team?.id;
    const tenantId = tenantOf(activity);
    if (!teamId || !tenantId) return undefined;
    const channelId = general ? teamId : (data?.channel?.id ?? activity.conversation.id.split(';')[0]!);
    if (!channelId) throw new TriageError('invalid', 'Teams did not say which channel this is.');
    return {
      channelId,
      teamId,
      tenantId,
      serviceUrl: activity.serviceUrl,
      teamName: data?.team?.name,
      channelName: channelId === teamId ? 'General' : data?.channel?.name,
      registeredBy: activity.from?.aadObjectId,
      registeredAt: this.clock.now().toISOString(),
    };
  }
}
