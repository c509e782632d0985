import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../src/logger.js';
import { tenantOf } from './actor.js';

/**
 * Drops activities from tenants outside ALLOWED_TENANT_IDS before any handler runs. Invokes get a 403
 * invoke response so the client does not wait; other activities are ignored without a reply.
 */
export function tenantGuard(allowed: readonly string[], log: Logger): Middleware {
  const set = new Set(allowed.map((t) => t.toLowerCase()));
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const tenant = tenantOf(context.activity)?.toLowerCase();
      if (tenant && set.has(tenant)) return next();
      log.warn(
        { activityId: context.activity.id, type: context.activity.type, tenant },
        'activity from a tenant that is not allowed; ignored',
      );
      if (context.activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: { status: 403, body: { message: 'This app is not enabled for your organisation.' } },
        });
      }
    },
  };
}
