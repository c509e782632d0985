import { renderNoticeCard } from '../../cards/alert-card.js';
import { renderNoticePayload } from '../../cards/notice-payload-card.js';
import { findAlert } from '../triage/alert-lookup.js';
import type { NoticePayload } from '../triage/ports.js';
import { isTriageError } from '../triage/triage-error.js';
import type { Parts } from './parts.js';

/**
 * How the sender draws a notice's payload when the message goes out. An alert's card is drawn for its
 * recipient from the alert as it is then, after the same access check as a refresh; when the alert is
 * gone or no longer theirs to see, they get a short card saying so (a payload never fails a send).
 */
export function noticeCards({ store, views }: Pick<Parts, 'store' | 'views'>) {
  return async (payload: NoticePayload): Promise<Record<string, unknown>> => {
    if (payload.kind !== 'alertCard') return renderNoticePayload(payload);
    try {
      return await views.userCard({ id: payload.forUserId }, await findAlert(store, payload.alertId));
    } catch (e) {
      const why = isTriageError(e) ? e.userMessage : 'This alert could not be shown right now. Try again later.';
      return renderNoticeCard('This alert cannot be shown', why, 'warning');
    }
  };
}
