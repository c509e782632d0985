import type { Logger } from '../logger.js';
import type { ShareService, ViewerFacts } from '../triage/share/share-service.js';
import { NOT_FOUND_PAGE, PAGE_HEADERS, UNAVAILABLE_PAGE, renderSharedAlertPage } from './shared-alert-page.js';

/** An HTTP answer, independent of the server framework. */
export interface PageAnswer {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string;
}

/**
 * `GET /share/:token`: the read-only alert page for a working link, one identical 404 page for every
 * other token (forged, tampered with, expired, revoked, other tenant, alert gone), the same security
 * headers on both. The token is a bearer credential: it is never logged.
 */
export class SharePage {
  constructor(
    private readonly shares: Pick<ShareService, 'open'>,
    private readonly log: Logger,
  ) {}

  async answer(token: string, viewer: ViewerFacts = {}): Promise<PageAnswer> {
    try {
      const shared = await this.shares.open(token, viewer);
      if (!shared) return { status: 404, headers: PAGE_HEADERS, body: NOT_FOUND_PAGE };
      return { status: 200, headers: PAGE_HEADERS, body: renderSharedAlertPage(shared) };
    } catch (e) {
      this.log.error({ err: e }, 'share page failed');
      return { status: 503, headers: PAGE_HEADERS, body: UNAVAILABLE_PAGE };
    }
  }
}
