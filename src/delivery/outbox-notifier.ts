import { randomUUID } from 'node:crypto';
import type { Alert } from '../triage/alert.js';
import type { AlertNotifier, Clock, Notice } from '../triage/ports.js';
import type { AlertDelivery } from './alert-delivery.js';
import type { Outbox } from './outbox.js';
import type { ConversationAddress } from './teams-sender.js';

/** The domain's notifications as durable outbox items: card updates, thread replies, 1:1 messages. */
export class OutboxNotifier implements AlertNotifier {
  constructor(
    private readonly delivery: AlertDelivery,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  alertChanged(alert: Alert): Promise<void> {
    // Also when the version is unchanged: share links change the card without changing the alert.
    return this.delivery.publish([alert], { rerender: true });
  }

  /** The incident of these alerts changed: their posted cards are re-drawn (IncidentNotifier). */
  incidentChanged(alerts: readonly Alert[]): Promise<void> {
    return this.delivery.refreshPosted(alerts);
  }

  postInThread(alertId: string, notice: Notice): Promise<void> {
    return this.outbox.put(
      [{ id: `reply:${alertId}:${randomUUID()}`, kind: 'threadReply', alertId, message: notice }],
      this.clock.now().getTime(),
    );
  }

  postToChannel(channelId: string, notice: Notice): Promise<void> {
    return this.outbox.put(
      [{ id: `post:${channelId}:${randomUUID()}`, kind: 'channelPost', channelId, message: notice }],
      this.clock.now().getTime(),
    );
  }

  /** A new message in a conversation as Teams addressed an activity from it (a chat, or a channel thread). */
  sendToConversation(address: ConversationAddress, notice: Notice): Promise<void> {
    return this.outbox.put(
      [{ id: `msg:${address.conversationId}:${randomUUID()}`, kind: 'conversationMessage', address, message: notice }],
      this.clock.now().getTime(),
    );
  }

  sendToUser(userId: string, notice: Notice): Promise<void> {
    return this.outbox.put(
      [{ id: `dm:${userId}:${randomUUID()}`, kind: 'personalMessage', userId, message: notice }],
      this.clock.now().getTime(),
    );
  }
}
