import { formatDate } from '../cards/alert-card.js';
import { SHARE_PAGE_SHOWS } from '../src/share/shared-alert-page.js';
import type { ShareService } from '../src/triage/share/share-service.js';
import type { AlertViews } from './alert-views.js';
import { cardInvokeResponse } from './error-presenter.js';
import { alertRefSchema, verb, type VerbHandlers } from './verb-handler.js';

/**
 * `alert.share` (a new read-only link) and `alert.unshare` (revoke every link of the alert): the clicking
 * user gets their card, now listing the working links, with a notice (for a share: until when, and exactly
 * what the page shows); the channel card and the thread hear about it through the outbox. Sharing changes nothing on
 * the alert, so the card version is not checked.
 */
export function shareActions(shares: ShareService, views: AlertViews): VerbHandlers {
  return {
    'alert.share': verb(alertRefSchema, async ({ actor, data, teamId }) => {
      const link = await shares.share(actor, data.alertId);
      // The link itself is listed on the card below; the notice says what opening it shows.
      const notice = {
        text: `Read-only link created, valid until ${formatDate(link.expiresAt)}. ${SHARE_PAGE_SHOWS}`,
        tone: 'info' as const,
      };
      return cardInvokeResponse(await views.userCard(actor, link.alert, { notice, teamId }));
    }),
    'alert.unshare': verb(alertRefSchema, async ({ actor, data, teamId }) => {
      const { revoked, alert } = await shares.unshare(actor, data.alertId);
      const text =
        revoked === 0
          ? 'There was no working link to revoke.'
          : revoked === 1
            ? 'The read-only link was revoked.'
            : `${revoked} read-only links were revoked.`;
      return cardInvokeResponse(await views.userCard(actor, alert, { notice: { text, tone: 'info' }, teamId }));
    }),
  };
}
