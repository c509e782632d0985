import type { Activity, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import type { CardVerb } from '../cards/card-verbs.js';
import type { InvokeAnswerCache } from '../src/delivery/invoke-answer-cache.js';
import type { Logger } from '../src/logger.js';
import type { AuditSink } from '../src/triage/ports.js';
import { TriageError } from '../src/triage/triage-error.js';
import { actorOf } from './actor.js';
import type { VerbHandler, VerbHandlers } from './verb-handler.js';

/**
 * Routes `adaptiveCard/action` invokes to verb handlers: it parses the data with the verb's schema and
 * takes the clicking user from the activity (never from the data). Handlers check permissions on the
 * server and answer with the card that user should now see.
 */
export class CardActions {
  readonly handledVerbs: ReadonlySet<CardVerb>;
  /** A Map, not the object: a verb off the wire such as `toString` or `__proto__` must not find a handler. */
  private readonly handlers: ReadonlyMap<string, VerbHandler<unknown>>;

  constructor(
    handlers: VerbHandlers,
    /** Answers by actor, verb and activity id: Teams retries an invoke it got no answer for, with the same id. */
    private readonly answers: InvokeAnswerCache,
    private readonly log: Logger,
    private readonly audit?: AuditSink,
  ) {
    this.handlers = new Map(Object.entries(handlers).filter((e): e is [string, VerbHandler<unknown>] => !!e[1]));
    this.handledVerbs = new Set(this.handlers.keys() as Iterable<CardVerb>);
  }

  /**
   * Handles an invoke once: a retry of the same invoke (same activity id, same person, same verb) gets
   * the first answer. The key holds the person because activity ids come from the client: another
   * person sending an id already seen must get their own answer, never the first person's card.
   */
  handle(activity: Activity, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const id = activity.id;
    const who = activity.from?.aadObjectId;
    const verb = value?.action?.verb;
    if (!id || !who || typeof verb !== 'string') return this.dispatch(activity, value);
    return this.answers.once({ actorId: who, verb, activityId: id }, () => this.dispatch(activity, value));
  }

  private async dispatch(activity: Activity, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = value?.action?.verb;
    const handler = typeof verb === 'string' ? this.handlers.get(verb) : undefined;
    if (!handler) {
      throw new TriageError(
        'invalid',
        `This button (${JSON.stringify(verb ?? null)}) is not one DLP Triage knows. Refresh the card to get the current buttons.`,
      );
    }
    let actor;
    try {
      actor = actorOf(activity);
    } catch (e) {
      await this.audit?.append({
        actor: { id: 'unknown', name: activity.from?.name },
        action: String(verb),
        outcome: 'denied',
        reason: 'the activity carries no Entra identity',
      });
      throw e;
    }
    const parsed = handler.schema.safeParse(value.action.data ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TriageError(
        'invalid',
        `The card sent data DLP Triage cannot use (${issue?.path.join('.') || 'data'}: ${issue?.message}). Refresh the card and try again.`,
      );
    }
    // botbuilder drops `trigger` from the typed invoke value (teams-platform.md §2): read the raw activity.
    const trigger = String((activity.value as { trigger?: unknown } | undefined)?.trigger ?? 'manual');
    const teamId = (activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
    this.log.info(
      {
        activityId: activity.id,
        verb,
        trigger,
        alertId: (parsed.data as { alertId?: string }).alertId,
        actor: actor.id,
      },
      'card action',
    );
    return handler.run({ actor, data: parsed.data, trigger, teamId });
  }
}
