import type { Activity, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import { z } from 'zod';
import type { CardVerb } from '../cards/card-verbs.js';
import type { AlertDelivery } from '../src/delivery/alert-delivery.js';
import type { Logger } from '../src/logger.js';
import type { Alert } from '../src/triage/alert.js';
import type { AccessService } from '../src/triage/access/access-service.js';
import type { AlertStore } from '../src/triage/ports.js';
import { TriageError } from '../src/triage/triage-error.js';
import { actorOf, type Actor } from './actor.js';
import type { AlertViews } from './alert-views.js';
import { cardInvokeResponse } from './error-presenter.js';

/** Every verb's data carries the alert id and the card version it was clicked on. */
const alertRef = z.looseObject({
  alertId: z.string({ message: 'the card did not say which alert it is for' }).trim().min(1, 'the alert id is empty').max(256),
  version: z.string().optional(),
});
type AlertRef = z.infer<typeof alertRef>;

interface Click<D> {
  actor: Actor;
  data: D;
  /** `automatic` when Teams refreshes a card by itself (user-specific views), else `manual`. */
  trigger: string;
}

interface VerbHandler {
  schema: z.ZodType;
  run(click: Click<never>): Promise<AdaptiveCardInvokeResponse>;
}

const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';

/**
 * The `adaptiveCard/action` verbs: each parses its data with its own schema, identifies the clicking
 * user from the activity (never from the data), checks their permission on the server, and answers
 * with the card that user should now see.
 */
export class CardActions {
  /** The verbs this build handles; cards never offer others. */
  static readonly HANDLED_VERBS: ReadonlySet<CardVerb> = new Set<CardVerb>(['alert.refresh', 'alert.details']);

  private readonly handlers: Partial<Record<CardVerb, VerbHandler>> = {
    'alert.refresh': { schema: alertRef, run: (click) => this.refresh(click as Click<AlertRef>) },
    'alert.details': { schema: alertRef, run: (click) => this.details(click as Click<AlertRef>) },
  };

  constructor(
    private readonly store: AlertStore,
    private readonly delivery: AlertDelivery,
    private readonly access: AccessService,
    private readonly views: AlertViews,
    private readonly log: Logger,
  ) {}

  async handle(activity: Activity, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = value?.action?.verb;
    const handler = typeof verb === 'string' ? this.handlers[verb as CardVerb] : undefined;
    if (!handler) {
      throw new TriageError('invalid', `This button (${JSON.stringify(verb ?? null)}) is not one DLP Triage knows. Refresh the card to get the current buttons.`);
    }
    const actor = actorOf(activity);
    const parsed = handler.schema.safeParse(value.action.data ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TriageError('invalid', `The card sent data DLP Triage cannot use (${issue?.path.join('.') || 'data'}: ${issue?.message}). Refresh the card and try again.`);
    }
    // botbuilder drops `trigger` from the typed invoke value (teams-platform.md §2): read the raw activity.
    const trigger = String((activity.value as { trigger?: unknown } | undefined)?.trigger ?? 'manual');
    this.log.info({ activityId: activity.id, verb, trigger, alertId: (parsed.data as { alertId?: string }).alertId, actor: actor.id }, 'card action');
    return handler.run({ actor, data: parsed.data as never, trigger });
  }

  private async refresh({ actor, data, trigger }: Click<AlertRef>): Promise<AdaptiveCardInvokeResponse> {
    const alert = await this.load(data.alertId);
    await this.access.authorize(actor, 'alert.view', alert);
    // A manual refresh also brings a stale channel card up to date for everyone; an automatic one must
    // not, or updating the shared card would trigger more automatic refreshes.
    if (trigger !== 'automatic') await this.delivery.publish([alert]);
    return cardInvokeResponse(await this.views.userCard(actor, alert));
  }

  private async details({ actor, data }: Click<AlertRef>): Promise<AdaptiveCardInvokeResponse> {
    const alert = await this.load(data.alertId);
    await this.access.authorize(actor, 'alert.details', alert);
    return cardInvokeResponse(await this.views.detailsCard(actor, alert));
  }

  private async load(alertId: string): Promise<Alert> {
    const alert = await this.store.get(alertId);
    if (!alert) throw new TriageError('not-found', NOT_FOUND);
    return alert;
  }
}
