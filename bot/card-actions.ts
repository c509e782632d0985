import type { Activity, AdaptiveCardInvokeValue, InvokeResponse } from 'botbuilder';
import type { InvokeRouter } from './invoke-router.js';
import { TENANT_REFUSED, type TenantCheck } from './tenant-guard.js';

/**
 * Card actions (`adaptiveCard/action` invokes) answered without a botbuilder turn. A card action is a
 * request and its answer: the router needs the activity alone and never sends within the turn, so the
 * turn's context, middleware chain and handler dispatch (with the SDK's generator-based async code, whose
 * garbage outlives young-generation collections) are pure cost — and each update of a card in a channel
 * of 60 brings up to 60 `alert.refresh` invokes at once. What the turn did for them is done here: the
 * tenant guard's check, and the answer as `{ status: body.statusCode, body }`, as `ActivityHandler` wraps it. The
 * invoke value was checked at the edge (src/http/activity-shape.ts: an Action.Execute with a verb).
 */
export class CardActions {
  constructor(
    private readonly invokes: Pick<InvokeRouter, 'answer'>,
    /** ALLOWED_TENANT_IDS, when set. */
    private readonly tenantAllowed?: TenantCheck,
  ) {}

  /** Card actions; one asking for `expectReplies` delivery takes the turn, which answers its replies as a list. */
  handles(activity: Activity): boolean {
    return (
      activity.type === 'invoke' && activity.name === 'adaptiveCard/action' && activity.deliveryMode !== 'expectReplies'
    );
  }

  async answer(activity: Activity): Promise<InvokeResponse> {
    if (this.tenantAllowed && !this.tenantAllowed(activity)) return TENANT_REFUSED;
    // The adapter sets callerId from the validated claims; without a turn none are read, so the sender's goes.
    delete (activity as { callerId?: string }).callerId;
    const body = await this.invokes.answer(activity, activity.value as AdaptiveCardInvokeValue);
    return { status: body.statusCode, body };
  }
}
