import { ChannelScope } from '../../bot/features/channel-scope.js';
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
 * after the same access check as a refresh; an alert's summary (for a conversation everyone in it reads)
 * only while the channel it goes to may show the alert. When the alert is gone or may no longer be shown
 * there, a short card says so (a payload never fails a send).
 */
export function noticeCards({
  store,
  views,
  audience,
  channels,
  access,
  chats,
  messages,
}: Pick<Parts, 'store' | 'views' | 'audience' | 'channels' | 'access' | 'chats' | 'messages'>) {
  const scope = new ChannelScope(channels, access);
  const readerOf = (userId: string | undefined) => {
    const chat = userId ? chats.get(userId) : undefined;
    return messages.translator({ locale: chat?.locale, timeZone: chat?.timeZone });
  };
  return async (payload: NoticePayload, recipientId?: string): Promise<Record<string, unknown>> => {
    if (payload.kind !== 'alertCard' && payload.kind !== 'alertSummary') {
      return renderNoticePayload(payload, readerOf(recipientId));
    }
    try {
      const alert = await findAlert(store, payload.alertId);
      if (payload.kind === 'alertCard') {
        return await views.userCard({ id: payload.forUserId }, alert, { i18n: readerOf(payload.forUserId) });
      }
      if (payload.channelId) await scope.ensureShows({ channelId: payload.channelId }, alert);
      return views.channelCard(alert, await audience.userIdsFor(alert, payload.teamId));
    } catch (e) {
      const i18n = readerOf(payload.kind === 'alertCard' ? payload.forUserId : recipientId);
      const why = isTriageError(e) ? triageErrorText(e, i18n) : i18n.t('notices.alertNotShown');
      return renderNoticeCard(i18n.t('notices.alertNotShownTitle'), why, 'warning');
    }
  };
}
