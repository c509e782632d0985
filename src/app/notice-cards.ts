import { triageErrorText } from '../../bot/answers.js';
import { renderNoticeCard } from '../../cards/alert-card.js';
import { renderNoticePayload } from '../../cards/notice-payload-card.js';
import { findAlert } from '../triage/alert-lookup.js';
import type { NoticePayload } from '../triage/ports.js';
import { isTriageError } from '../triage/triage-error.js';
import type { Parts } from './parts.js';

/**
 * How the sender draws a notice's payload when the message goes out, in the language and time zone its
 * recipient last used with the bot (remembered with their personal chat; English and UTC for a channel
 * or a person not seen yet). An alert's card is drawn for its recipient from the alert as it is then,
 * after the same access check as a refresh; when the alert is gone or no longer theirs to see, they get a
 * short card saying so (a payload never fails a send).
 */
export function noticeCards({ store, views, chats, messages }: Pick<Parts, 'store' | 'views' | 'chats' | 'messages'>) {
  const readerOf = (userId: string | undefined) => {
    const chat = userId ? chats.get(userId) : undefined;
    return messages.translator({ locale: chat?.locale, timeZone: chat?.timeZone });
  };
  return async (payload: NoticePayload, recipientId?: string): Promise<Record<string, unknown>> => {
    if (payload.kind !== 'alertCard') return renderNoticePayload(payload, readerOf(recipientId));
    try {
      return await views.userCard({ id: payload.forUserId }, await findAlert(store, payload.alertId));
    } catch (e) {
      const i18n = readerOf(payload.forUserId);
      const why = isTriageError(e) ? triageErrorText(e, i18n) : i18n.t('notices.alertNotShown');
      return renderNoticeCard(i18n.t('notices.alertNotShownTitle'), why, 'warning');
    }
  };
}
