import type { Activity, InvokeResponse, Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../src/logger.js';
import { tenantOf } from './actor.js';

/** What an invoke from a tenant that is not allowed is answered, so the client does not wait. */
export const TENANT_REFUSED: InvokeResponse = {
  status: 403,
  body: { message: 'This app is not enabled for your organisation.' },
};

/** ALLOWED_TENANT_IDS as a check of an activity's tenant; a refusal is logged. */
export type TenantCheck = (activity: Activity) => boolean;

export function tenantCheck(allowed: readonly string[], log: Logger): TenantCheck {
  const set = new Set(allowed.map((t) => t.toLowerCase()));
  return (activity) => {
    const tenant = tenantOf(activity)?.toLowerCase();
    if (tenant && set.has(tenant)) return true;
    log.warn(
      { activityId: activity.id, type: activity.type, tenant },
      'activity from a tenant that is not allowed; ignored',
    );
    return false;
  };
}

/**
 * Drops activities from tenants outside the check before any handler runs. Invokes get TENANT_REFUSED;
 * other activities are ignored without a reply.
 */
export function tenantGuard(allowed: TenantCheck): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      if (allowed(context.activity)) return next();
      if (context.activity.type === 'invoke')
        await context.sendActivity({ type: 'invokeResponse', value: TENANT_REFUSED });
    },
  };
}
