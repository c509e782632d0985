import { shareVerbs } from '../../bot/features/share-verbs.js';
import { ClientRateLimit } from '../http/client-rate-limit.js';
import { shareRoute } from '../http/share-route.js';
import { SharePage } from '../share/share-page.js';
import type { Contribution } from './capability.js';
import type { Parts } from './parts.js';

/**
 * Read-only share links: `alert.share` / `alert.unshare` on the card, the page at `GET /share/*`
 * (throttled per client address), and the counted audit of views written once a minute.
 */
export function shareCapability({ shares, shareViews, views, log, config }: Parts): Contribution {
  const page = new SharePage(shares, log);
  const limit = new ClientRateLimit(config.SHARE_RATE_LIMIT_PER_MINUTE);
  return {
    inputs: [shareVerbs(shares, views)],
    routes: [
      {
        method: 'get',
        // A wildcard, not `:token`: the router refuses parameters over 100 characters with its own JSON 404,
        // and every odd path under /share/ must get the same 404 page as a bad token.
        path: '/share/*',
        name: 'share page',
        handler: (requests) => shareRoute((token, viewer) => page.answer(token, viewer), limit, requests),
      },
    ],
    components: [
      {
        name: 'share view audit',
        start: () =>
          shareViews.start((e) => log.error({ err: e }, 'writing share view summaries to the audit log failed')),
        stop: () => shareViews.stop(),
      },
    ],
  };
}
