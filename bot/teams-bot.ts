import {
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type InvokeResponse,
} from 'botbuilder';
import type { ChannelAdmin } from '../src/delivery/channel-admin.js';
import type { CardRegistry } from '../src/delivery/card-registry.js';
import type { PersonalChats } from '../src/delivery/personal-chats.js';
import type { Logger } from '../src/logger.js';
import { canonicalLocale, knownTimeZone } from '../src/i18n/languages.js';
import type { Translator } from '../src/i18n/translator.js';
import type { Clock } from '../src/triage/ports.js';
import { actorOf, readerHintsOf, tenantOf } from './actor.js';
import { activityOf, errorAnswer } from './answers.js';
import type { CommandRouter } from './command-router.js';
import type { InvokeRouter } from './invoke-router.js';
import type { Answer } from './registry/answer.js';
import { channelOf } from './teams-channel.js';
import type { ThreadRouter } from './thread-router.js';
import type { TurnLanguage } from './turn-language.js';

/** What the Teams glue hands work to. */
export interface TeamsBotDeps {
  admin: Pick<ChannelAdmin, 'defaultChannelId' | 'registerOnInstall'>;
  chats: Pick<PersonalChats, 'remember'>;
  threads: Pick<CardRegistry, 'alertIdForThread'>;
  invokes: InvokeRouter;
  commands: CommandRouter;
  reviewer: ThreadRouter;
  /** Each turn's reader: language and time zone. */
  language: TurnLanguage;
  log: Logger;
  clock: Clock;
}

/**
 * The Teams glue, and only that: it registers triage channels when the bot is installed in a team,
 * remembers personal chats, and turns activities into requests for the routers (card actions, typed
 * commands, messages in alert threads), sending back what they answer. It decides nothing itself.
 */
export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.rememberPersonalChat(context);
      await this.registerTeamOnInstall(context, await this.deps.language.of(context.activity));
      await next();
    });
    this.onTeamsMembersAddedEvent(async (membersAdded, _teamInfo, context, next) => {
      if (membersAdded.some((m) => m.id === context.activity.recipient.id))
        await this.registerTeamOnInstall(context, await this.deps.language.of(context.activity));
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
      const name = String(context.activity.name).slice(0, 80);
      this.deps.log.info({ activityId: context.activity.id, name }, 'invoke not handled');
      return { status: 400, body: { error: 'DLP Triage does not handle this kind of request.' } };
    }
    return super.onInvokeActivity(context);
  }

  protected override onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    return this.deps.invokes.answer(context.activity, value);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const i18n = await this.deps.language.of(activity);
    // Card Action.Submit fallbacks (old clients) arrive as messages with a value and no text.
    if (!activity.text && activity.value) {
      await context.sendActivity(i18n.t('notices.updateTeams'));
      return;
    }
    const mentionsBot = (activity.entities ?? []).some(
      (e) => e.type === 'mention' && e.mentioned?.id === activity.recipient?.id,
    );
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const alertId = this.deps.threads.alertIdForThread(activity.conversation.id);
    // With the ChannelMessage.Read.Group consent Teams delivers every channel message; outside alert
    // threads only the ones addressed to the bot are for us, and the rest are ignored without a trace.
    if (!alertId && activity.conversation.conversationType === 'channel' && !mentionsBot) return;
    await this.reply(context, { alertId }, i18n, async () => {
      const actor = actorOf(activity);
      if (alertId) {
        return this.deps.reviewer.answer({ actor, alertId, text, i18n, mentioned: () => mentioned(context) });
      }
      return this.deps.commands.answer({
        actor,
        text,
        i18n,
        here: channelOf(activity, this.deps.clock.now()),
        conversationType: activity.conversation.conversationType,
        // The zone the Teams client sent (its clientInfo entity, else localTimezone): a new digest's default.
        clientTimeZone: readerHintsOf(activity).timeZones.map(knownTimeZone).find(Boolean),
      });
    });
  }

  /** Sends what `work` answers, or what its failure says. */
  private async reply(
    context: TurnContext,
    logContext: Record<string, unknown>,
    i18n: Translator,
    work: () => Promise<Answer>,
  ) {
    let answer: Answer;
    try {
      answer = await work();
    } catch (e) {
      answer = errorAnswer(e, this.deps.log, { activityId: context.activity.id, ...logContext }, i18n);
    }
    await context.sendActivity(activityOf(answer));
  }

  /**
   * A 1:1 chat is where the bot can reach this person later (assignment notices), with the language and
   * time zone Teams last sent from it: messages sent later, from the outbox, are written in them.
   */
  private async rememberPersonalChat(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const userId = activity.from?.aadObjectId;
    const tenantId = tenantOf(activity);
    if (activity.conversation?.conversationType !== 'personal' || !userId || !tenantId) return;
    const { locale, timeZones } = readerHintsOf(activity);
    const reader = { locale: canonicalLocale(locale), timeZone: timeZones.map(knownTimeZone).find(Boolean) };
    const chat = { userId, conversationId: activity.conversation.id, serviceUrl: activity.serviceUrl, tenantId };
    await this.deps.chats.remember({ ...chat, ...withoutUndefined(reader) });
  }

  /** On install into a team: the General channel becomes a triage channel (the default if none is set). */
  private async registerTeamOnInstall(context: TurnContext, i18n: Translator): Promise<void> {
    const channel = channelOf(context.activity, this.deps.clock.now(), true);
    if (!channel) return; // personal or group chat install: nothing to register
    const hadDefault = !!this.deps.admin.defaultChannelId();
    const saved = await this.deps.admin.registerOnInstall(channel);
    const facts = { teamId: channel.teamId, channelId: channel.channelId, isDefault: saved.isDefault };
    this.deps.log.info(facts, 'installed in a team');
    if (saved.isDefault && !hadDefault) {
      await context.sendActivity(i18n.t('notices.welcome'));
    }
  }
}

/** The first person @mentioned other than the bot, with their Entra object id when the team roster has it. */
async function mentioned(context: TurnContext): Promise<{ id?: string; name: string } | undefined> {
  const botId = context.activity.recipient?.id;
  const mention = (context.activity.entities ?? []).find(
    (e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id !== botId,
  );
  if (!mention) return undefined;
  const member = await TeamsInfo.getMember(context, mention.mentioned.id).catch(() => undefined);
  return { id: member?.aadObjectId, name: mention.mentioned.name ?? 'that person' };
}

function withoutUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
