import type { ShareService } from '../../src/triage/share/share-service.js';
import type { AlertViews } from '../alert-views.js';
import { cardAnswer } from '../registry/answer.js';
import { alertRefSchema, cardVerb } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';

/**
 * `alert.share` (a new read-only link) and `alert.unshare` (revoke every link of the alert): the clicking
 * user gets their card, now listing the working links, with a notice (for a share: until when, and exactly
 * what the page shows); the channel card and the thread hear about it through the outbox. Sharing changes
 * nothing on the alert, so the card version is not checked.
 */
export function shareVerbs(shares: ShareService, views: AlertViews): Inputs {
  return {
    verbs: [
      cardVerb('alert.share', ['alert.share'], alertRefSchema, async ({ actor, data, teamId, i18n }) => {
        const link = await shares.share(actor, data.alertId);
        // The link itself is listed on the card below; the notice says what opening it shows.
        const shows = i18n.t('notices.sharePageShows');
        const text = i18n.t('notices.shared', { until: i18n.dateTime(link.expiresAt), shows });
        return cardAnswer(await views.userCard(actor, link.alert, { notice: { text, tone: 'info' }, teamId, i18n }));
      }),
      cardVerb('alert.unshare', ['alert.share'], alertRefSchema, async ({ actor, data, teamId, i18n }) => {
        const { revoked, alert } = await shares.unshare(actor, data.alertId);
        const text = i18n.t('notices.unshared', { count: revoked });
        return cardAnswer(await views.userCard(actor, alert, { notice: { text, tone: 'info' }, teamId, i18n }));
      }),
    ],
  };
}
