import { ChannelScope } from '../../bot/features/channel-scope.js';
import { renderNoticeCard } from '../../cards/alert-card.js';
import { renderNoticePayload } from '../../cards/notice-payload-card.js';
import { findAlert } from '../triage/alert-lookup.js';
import type { NoticePayload } from '../triage/ports.js';
import { isTriageError } from '../triage/triage-error.js';
import type { Parts } from './parts.js';

/**
 * How the sender draws a notice's payload when the message goes out. An alert's card is drawn for its
 * recipient from the alert as it is then, after the same access check as a refresh; an alert's summary
 * (for a conversation everyone in it reads) only while the channel it goes to may show the alert. When
 * the alert is gone or may no longer be shown there, a short card says so (a payload never fails a send).
 */
export function noticeCards({
  store,
  views,
  audience,
  channels,
  access,
}: Pick<Parts, 'store' | 'views' | 'audience' | 'channels' | 'access'>) {
  const scope = new ChannelScope(channels, access);
  return async (payload: NoticePayload): Promise<Record<string, unknown>> => {
    if (payload.kind !== 'alertCard' && payload.kind !== 'alertSummary') return renderNoticePayload(payload);
    try {
      const alert = await findAlert(store, payload.alertId);
      if (payload.kind === 'alertCard') return await views.userCard({ id: payload.forUserId }, alert);
      if (payload.channelId) await scope.ensureShows({ channelId: payload.channelId }, alert);
      return views.channelCard(alert, await audience.userIdsFor(alert, payload.teamId));
    } catch (e) {
      const why = isTriageError(e) ? e.userMessage : 'This alert could not be shown right now. Try again later.';
      return renderNoticeCard('This alert cannot be shown', why, 'warning');
    }
  };
}
