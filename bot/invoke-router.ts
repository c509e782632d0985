import type { Activity, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import type { InvokeAnswerCache } from '../src/delivery/invoke-answer-cache.js';
import type { Logger } from '../src/logger.js';
import type { AuditSink } from '../src/triage/ports.js';
import type { Translator } from '../src/i18n/translator.js';
import { actorOf, tenantOf } from './actor.js';
import { errorAnswer, invokeResponseOf } from './answers.js';
import type { Answer } from './registry/answer.js';
import type { ClickConversation } from './registry/card-verb.js';
import type { Registry } from './registry/registry.js';
import { refusal } from './refusal.js';
import type { TurnLanguage } from './turn-language.js';

/**
 * Routes `adaptiveCard/action` invokes over the verb registry: it parses the data with the verb's schema
 * and takes the clicking user from the activity (never from the data). Handlers check permissions on the
 * server and answer with what that user should now see; a failure becomes a message (bot/answers.ts).
 */
export class InvokeRouter {
  constructor(
    private readonly registry: Pick<Registry, 'verb'>,
    /** Answers by actor, verb and activity id: Teams retries an invoke it got no answer for, with the same id. */
    private readonly answers: InvokeAnswerCache,
    private readonly log: Logger,
    /** The clicking user's language and time zone, read once per invoke. */
    private readonly language: TurnLanguage,
    private readonly audit?: Pick<AuditSink, 'append'>,
  ) {}

  async answer(activity: Activity, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const i18n = await this.language.of(activity);
    try {
      return invokeResponseOf(await this.once(activity, value, i18n));
    } catch (e) {
      const context = { activityId: activity.id, verb: value?.action?.verb };
      return invokeResponseOf(errorAnswer(e, this.log, context, i18n));
    }
  }

  /**
   * Handles an invoke once: a retry of the same invoke (same activity id, same person, same verb) gets
   * the first answer. The key holds the person because activity ids come from the client: another
   * person sending an id already seen must get their own answer, never the first person's card. A
   * repeatable view is answered afresh every time (nothing to run twice, nothing to keep).
   */
  private once(activity: Activity, value: AdaptiveCardInvokeValue, i18n: Translator): Promise<Answer> {
    const id = activity.id;
    const who = activity.from?.aadObjectId;
    const verb = value?.action?.verb;
    if (!id || !who || typeof verb !== 'string' || this.registry.verb(verb)?.repeatable)
      return this.dispatch(activity, value, i18n);
    return this.answers.once({ actorId: who, verb, activityId: id }, () => this.dispatch(activity, value, i18n));
  }

  private async dispatch(activity: Activity, value: AdaptiveCardInvokeValue, i18n: Translator): Promise<Answer> {
    const verb = value?.action?.verb;
    const entry = this.registry.verb(verb);
    if (!entry) throw refusal('invalid', 'errors.unknownButton', { verb: JSON.stringify(verb ?? null) });
    const actor = await this.actorOf(activity, entry.name);
    const parsed = entry.parse.safeParse(value.action.data ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = issue?.path.join('.') || 'data';
      throw refusal('invalid', 'errors.badCardData', { field, problem: String(issue?.message) });
    }
    // botbuilder drops `trigger` from the typed invoke value (teams-platform.md §2): read the raw activity.
    const trigger = String((activity.value as { trigger?: unknown } | undefined)?.trigger ?? 'manual');
    const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    const alertId = (parsed.data as { alertId?: string }).alertId;
    this.log.info({ activityId: activity.id, verb: entry.name, trigger, alertId, actor: actor.id }, 'card action');
    return entry.run({
      actor,
      data: parsed.data,
      trigger,
      teamId,
      i18n,
      conversation: conversationOf(activity, teamId),
    });
  }

  /** The clicking user; a click without an Entra identity is refused, and the refusal audited. */
  private async actorOf(activity: Activity, verb: string) {
    try {
      return actorOf(activity);
    } catch (e) {
      await this.audit?.append({
        actor: { id: 'unknown', name: activity.from?.name },
        action: verb,
        outcome: 'denied',
        reason: 'the activity carries no Entra identity',
      });
      throw e;
    }
  }
}

/** Where the activity came from, as Teams addressed it; undefined when it does not say enough to answer there. */
function conversationOf(activity: Activity, teamId: string | undefined): ClickConversation | undefined {
  const id = activity.conversation?.id;
  const tenantId = tenantOf(activity);
  if (!id || !activity.serviceUrl || !tenantId) return undefined;
  const channel = (activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
  return {
    type: activity.conversation.conversationType ?? 'unknown',
    address: { tenantId, serviceUrl: activity.serviceUrl, conversationId: id },
    channelId: teamId ? (channel ?? id.split(';')[0]) : undefined,
  };
}
