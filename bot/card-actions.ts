import type { Activity, AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue } from 'botbuilder';
import { z } from 'zod';
import type { AlertDelivery } from '../src/delivery/alert-delivery.js';
import type { Logger } from '../src/logger.js';
import type { Alert } from '../src/triage/alert.js';
import type { AlertStore } from '../src/triage/ports.js';
import { TriageError } from '../src/triage/triage-error.js';
import { actorOf, type Actor } from './actor.js';
import { cardInvokeResponse } from './error-presenter.js';

/** Renders an alert's card as one viewer should see it. */
export type RenderForViewer = (alert: Alert, viewer: Actor) => Record<string, unknown>;

/** Every verb's data carries the alert id and the card version it was clicked on. */
const alertRef = z.looseObject({
  alertId: z.string({ message: 'the card did not say which alert it is for' }).trim().min(1, 'the alert id is empty').max(256),
  version: z.string().optional(),
});

interface VerbHandler<S extends z.ZodType> {
  schema: S;
  run(actor: Actor, data: z.infer<S>): Promise<AdaptiveCardInvokeResponse>;
}

/**
 * The `adaptiveCard/action` verbs: each parses its data with its own schema, identifies the clicking
 * user from the activity (never from the data), and answers with the card the user should now see.
 */
export class CardActions {
  private readonly handlers: Record<string, VerbHandler<z.ZodType>>;

  constructor(
    private readonly store: AlertStore,
    private readonly delivery: AlertDelivery,
    private readonly render: RenderForViewer,
    private readonly log: Logger,
  ) {
    this.handlers = {
      'alert.refresh': { schema: alertRef, run: (actor, data) => this.refresh(actor, data as z.infer<typeof alertRef>) },
    };
  }

  async handle(activity: Activity, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
    const verb = value?.action?.verb;
    const handler = typeof verb === 'string' ? this.handlers[verb] : undefined;
    if (!handler) {
      throw new TriageError('invalid', `This button (${JSON.stringify(verb ?? null)}) is not one DLP Triage knows. Refresh the card to get the current buttons.`);
    }
    const actor = actorOf(activity);
    const parsed = handler.schema.safeParse(value.action.data ?? {});
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TriageError('invalid', `The card sent data DLP Triage cannot use (${issue?.path.join('.') || 'data'}: ${issue?.message}). Refresh the card and try again.`);
    }
    this.log.info({ activityId: activity.id, verb, alertId: (parsed.data as { alertId?: string }).alertId, actor: actor.id }, 'card action');
    return handler.run(actor, parsed.data);
  }

  private async refresh(actor: Actor, data: z.infer<typeof alertRef>): Promise<AdaptiveCardInvokeResponse> {
    const alert = await this.store.get(data.alertId);
    if (!alert) throw new TriageError('not-found', 'This alert does not exist (any more), or you cannot see it.');
    // The shared card may be behind too: bring it up to date for everyone.
    await this.delivery.publish([alert]);
    return cardInvokeResponse(this.render(alert, actor));
  }
}
