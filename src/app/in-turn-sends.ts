import type { Middleware } from 'botbuilder';
import type { OutboxSender } from '../delivery/outbox-sender.js';

/**
 * In-turn replies (command answers, the welcome) go to Teams directly, not through the outbox; they
 * count against the same per-conversation limits, at the moment each call completes.
 */
export function countInTurnSends(sender: Pick<OutboxSender, 'noteDirectSend'>): Middleware {
  return {
    onTurn: async (context, next) => {
      context.onSendActivities(async (ctx, activities, send) => {
        const conversationId = ctx.activity.conversation?.id;
        const counted = activities.filter((a) => a.type !== 'invokeResponse').length;
        const settles = conversationId
          ? Array.from({ length: counted }, () => sender.noteDirectSend(conversationId))
          : [];
        try {
          return await send();
        } finally {
          settles.forEach((settle) => settle());
        }
      });
      await next();
    },
  };
}
