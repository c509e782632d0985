import { randomBytes } from 'node:crypto';
import type { AccessService, Requester } from '../access/access-service.js';
import type { Alert } from '../alert.js';
import type { AlertNotifier, AlertStore, AuditSink, Clock } from '../ports.js';
import { TriageError } from '../triage-error.js';
import { formatUtc } from '../alert-labels.js';
import type { ShareLink, ShareLinkStore, TokenSigner } from './share-link.js';
import { decodeShareToken, encodeShareToken, type ShareClaims } from './share-token.js';
import type { ShareViewAudit, ViewerFacts } from './share-view-audit.js';

export type { ViewerFacts } from './share-view-audit.js';

export interface ShareServiceDeps {
  alerts: Pick<AlertStore, 'get'>;
  access: Pick<AccessService, 'authorize'>;
  links: ShareLinkStore;
  signer: TokenSigner;
  audit: Pick<AuditSink, 'append'>;
  /** The bounded audit of page views (refusals are counted, never written one by one). */
  views: Pick<ShareViewAudit, 'viewed' | 'refused'>;
  notifier: Pick<AlertNotifier, 'alertChanged' | 'postInThread'>;
  clock: Clock;
  ttlHours: number;
  /** Where the page is served, without a trailing slash; undefined when the bot has no address for links. */
  baseUrl: () => string | undefined;
}

/** A link as the card shows it. */
export interface ActiveShareLink {
  linkId: string;
  url: string;
  expiresAt: string;
}

/** What an opened link shows: the alert as it is now, and until when the link works. */
export interface SharedAlert {
  alert: Alert;
  expiresAt: string;
}

const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';

/**
 * Read-only share links: `share` makes a signed, expiring, tenant-bound link to an alert and records it,
 * `unshare` revokes every link of the alert, `open` turns a token back into the alert to show. Every
 * step is audited; tokens themselves are never stored, logged or audited (the record and the signer can
 * rebuild one).
 */
export class ShareService {
  constructor(private readonly deps: ShareServiceDeps) {}

  /** Creates a link (needs `alert.share`), notes it in the alert's thread and updates the card. */
  async share(
    requester: Requester & { tenantId?: string },
    alertId: string,
  ): Promise<ActiveShareLink & { alert: Alert }> {
    const { access, links, audit, notifier, clock } = this.deps;
    const alert = await this.load(alertId);
    await access.authorize(requester, 'alert.share', alert);
    const base = this.base();
    const tenantId = alert.tenantId ?? requester.tenantId;
    if (!tenantId)
      throw new TriageError('invalid', 'This alert does not say which tenant it belongs to, so it cannot be shared.');
    const now = clock.now();
    const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + this.deps.ttlHours * 3_600_000).toISOString();
    const link: ShareLink = {
      linkId: randomBytes(12).toString('base64url'),
      alertId: alert.id,
      tenantId,
      createdBy: who(requester),
      createdAt: now.toISOString(),
      expiresAt,
    };
    await links.save([link]);
    await audit.append({
      actor: who(requester),
      action: 'alert.share',
      alertId: alert.id,
      outcome: 'success',
      details: { linkId: link.linkId, expiresAt },
    });
    // The thread note is stored in the outbox until sent: it carries no token. The URL is on the card,
    // rendered from the link record when the card is sent.
    await notifier.postInThread(alert.id, {
      text: `${escapeMarkdown(nameOf(requester))} shared a read-only link to this alert, valid until ${formatUtc(expiresAt)}. The link is on the alert card.`,
    });
    await notifier.alertChanged(alert);
    return { linkId: link.linkId, url: this.urlOf(link, base), expiresAt, alert };
  }

  /** Revokes every link of the alert (needs `alert.share`); `revoked` counts the links that still worked. */
  async unshare(requester: Requester, alertId: string): Promise<{ revoked: number; alert: Alert }> {
    const { access, links, audit, notifier, clock } = this.deps;
    const alert = await this.load(alertId);
    await access.authorize(requester, 'alert.share', alert);
    const now = clock.now();
    const live = links.forAlert(alert.id).filter((l) => !l.revokedAt);
    const active = live.filter((l) => Date.parse(l.expiresAt) > now.getTime());
    if (live.length > 0)
      await links.save(live.map((l) => ({ ...l, revokedAt: now.toISOString(), revokedBy: who(requester) })));
    await audit.append({
      actor: who(requester),
      action: 'alert.unshare',
      alertId: alert.id,
      outcome: 'success',
      details: { linkIds: live.map((l) => l.linkId) },
    });
    if (active.length > 0) {
      const what = active.length === 1 ? 'the read-only link' : `${active.length} read-only links`;
      await notifier.postInThread(alert.id, {
        text: `${escapeMarkdown(nameOf(requester))} revoked ${what} of this alert.`,
      });
      await notifier.alertChanged(alert);
    }
    return { revoked: active.length, alert };
  }

  /** The alert's links that still work, soonest to expire first (none when links have no address). */
  activeLinks(alertId: string): ActiveShareLink[] {
    const base = this.deps.baseUrl();
    if (!base) return [];
    const now = this.deps.clock.now().getTime();
    return this.deps.links
      .forAlert(alertId)
      .filter((l) => !l.revokedAt && Date.parse(l.expiresAt) > now)
      .sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt))
      .map((l) => ({ linkId: l.linkId, url: this.urlOf(l, base), expiresAt: l.expiresAt }));
  }

  /**
   * The alert behind a token, or undefined when the token is forged, tampered with, expired, revoked, for
   * another tenant, or its alert is gone — the caller must answer all of these the same way. Each view is
   * audited and each refusal counted (ShareViewAudit); a refusal names the link and alert only when the
   * MAC vouches for them, so forged tokens cannot write entries into an alert's audit trail.
   */
  async open(token: string, viewer: ViewerFacts = {}): Promise<SharedAlert | undefined> {
    const { links, signer, views, alerts } = this.deps;
    const claims = decodeShareToken(token, signer);
    if (!claims) return this.refuse(undefined, 'invalid or forged token');
    const link = links.get(claims.linkId);
    const problem = this.problemWith(claims, link);
    if (problem || !link) return this.refuse(claims, problem ?? 'unknown link');
    const alert = await alerts.get(link.alertId);
    if (!alert) return this.refuse(claims, 'the alert no longer exists');
    if (alert.tenantId && alert.tenantId.toLowerCase() !== link.tenantId.toLowerCase())
      return this.refuse(claims, 'the alert belongs to another tenant');
    await views.viewed({ linkId: link.linkId, alertId: alert.id }, viewer);
    return { alert, expiresAt: link.expiresAt };
  }

  private problemWith(claims: ShareClaims, link: ShareLink | undefined): string | undefined {
    if (!link) return 'unknown link';
    // A valid MAC with claims that differ from the record means a token minted elsewhere with the same key.
    if (link.alertId !== claims.alertId || Date.parse(link.expiresAt) !== Date.parse(claims.expiresAt))
      return 'the token does not match its link';
    if (link.tenantId.toLowerCase() !== claims.tenantId.toLowerCase()) return 'the token is for another tenant';
    if (link.revokedAt) return 'revoked';
    if (Date.parse(link.expiresAt) <= this.deps.clock.now().getTime()) return 'expired';
    return undefined;
  }

  private refuse(claims: ShareClaims | undefined, reason: string): undefined {
    this.deps.views.refused(reason, claims && { linkId: claims.linkId, alertId: claims.alertId });
    return undefined;
  }

  private async load(alertId: string): Promise<Alert> {
    const alert = await this.deps.alerts.get(alertId);
    if (!alert) throw new TriageError('not-found', NOT_FOUND);
    return alert;
  }

  private base(): string {
    const base = this.deps.baseUrl();
    if (!base)
      throw new TriageError(
        'unavailable',
        'Share links are not set up on this bot (PUBLIC_BASE_URL is not set). Ask your admin.',
      );
    return base;
  }

  private urlOf(link: ShareLink, base: string): string {
    return `${base}/share/${encodeShareToken(link, this.deps.signer)}`;
  }
}

function who(requester: Requester): { id: string; name?: string } {
  return requester.name ? { id: requester.id, name: requester.name } : { id: requester.id };
}

function nameOf(requester: Requester): string {
  return requester.name?.trim() || 'Someone';
}

/** Thread notes are Teams markdown: a display name or URL must not turn into formatting or a mention. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_~[\]()<>#]/g, '\\$&');
}
