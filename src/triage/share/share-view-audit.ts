import type { AuditActor, AuditSink, Clock } from '../ports.js';

/** Facts about the browser that opened a link, for the audit log of successful views only. */
export type ViewerFacts = Record<string, string | undefined>;

/** What a refused view may name: only what a valid MAC vouches for. */
export interface VouchedClaims {
  linkId: string;
  alertId: string;
}

export interface ShareViewAuditOptions {
  /** How often the counted views are written as summaries. */
  windowMs: number;
  /** Refusals naming a link are counted per link up to this many links per window; others are counted without. */
  maxKeys: number;
  /** Successful views of one link written one entry each per window; further ones are counted. */
  viewsPerLink: number;
}

export const SHARE_VIEW_AUDIT_DEFAULTS: ShareViewAuditOptions = { windowMs: 60_000, maxKeys: 200, viewsPerLink: 20 };

/** Who the audit log names for a view: the page is anonymous, the link id says which link was used. */
export const VIEWER: AuditActor = { id: 'anonymous', name: 'Viewer of a read-only link' };
const ACTION = 'alert.share.view';
const VIEWER_FIELDS: ReadonlyArray<readonly [string, number]> = [
  ['ip', 64],
  ['userAgent', 200],
];

interface Tally {
  outcome: 'success' | 'denied';
  reason?: string;
  claims?: VouchedClaims;
  count: number;
  firstAt: string;
  lastAt: string;
}

/**
 * The audit of share-page views, bounded whatever anonymous clients send: a refused view writes nothing
 * by itself — refusals are counted per reason (and per link, when a valid MAC vouches for it) and written
 * as one summary entry per key per window, with the count and the first and last time, when the window
 * ends and on `stop`; the client's user agent and address are never kept for them. A successful view is
 * written at once with its (length-capped) viewer facts, up to `viewsPerLink` per link per window; more
 * views of that link in the window are counted into one summary.
 */
export class ShareViewAudit {
  private readonly tallies = new Map<string, Tally>();
  private readonly viewsSeen = new Map<string, number>();
  private timer?: ReturnType<typeof setInterval>;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly audit: Pick<AuditSink, 'append'>,
    private readonly clock: Clock,
    private readonly options: ShareViewAuditOptions = SHARE_VIEW_AUDIT_DEFAULTS,
  ) {}

  /** A view of a working link: audited at once, or counted once the link's share of the window is used. */
  async viewed(claims: VouchedClaims, viewer: ViewerFacts): Promise<void> {
    const seen = (this.viewsSeen.get(claims.linkId) ?? 0) + 1;
    this.viewsSeen.set(claims.linkId, seen);
    if (seen > this.options.viewsPerLink) return this.count('success', undefined, claims);
    await this.audit.append({
      actor: VIEWER,
      action: ACTION,
      alertId: claims.alertId,
      outcome: 'success',
      details: { linkId: claims.linkId, ...bounded(viewer) },
    });
  }

  /** A refused view; `claims` only when the token's MAC is valid. Never writes by itself. */
  refused(reason: string, claims?: VouchedClaims): void {
    const named =
      claims && (this.tallies.has(keyOf('denied', reason, claims)) || this.tallies.size < this.options.maxKeys);
    this.count('denied', reason, named ? claims : undefined);
  }

  /** Writes every counted view as summaries and starts a new window. */
  flush(): Promise<void> {
    const tallies = [...this.tallies.values()];
    this.tallies.clear();
    this.viewsSeen.clear();
    const write = async () => {
      for (const t of tallies) {
        await this.audit.append({
          actor: VIEWER,
          action: ACTION,
          ...(t.claims ? { alertId: t.claims.alertId } : {}),
          outcome: t.outcome,
          ...(t.reason ? { reason: t.reason } : {}),
          details: {
            ...(t.claims ? { linkId: t.claims.linkId } : {}),
            count: t.count,
            firstAt: t.firstAt,
            lastAt: t.lastAt,
            summary: true,
          },
        });
      }
    };
    this.flushing = this.flushing.then(write, write);
    return this.flushing;
  }

  /** Flushes every `windowMs`; `onError` hears about summaries that could not be written. */
  start(onError: (e: unknown) => void): void {
    this.timer ??= setInterval(() => this.flush().catch(onError), this.options.windowMs);
    this.timer.unref?.();
  }

  /** Stops the window timer and writes what is still counted. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private count(outcome: Tally['outcome'], reason: string | undefined, claims: VouchedClaims | undefined): void {
    const key = keyOf(outcome, reason, claims);
    const now = this.clock.now().toISOString();
    const tally = this.tallies.get(key);
    if (tally) {
      tally.count += 1;
      tally.lastAt = now;
    } else {
      this.tallies.set(key, {
        outcome,
        ...(reason ? { reason } : {}),
        ...(claims ? { claims } : {}),
        count: 1,
        firstAt: now,
        lastAt: now,
      });
    }
  }
}

function keyOf(outcome: string, reason: string | undefined, claims: VouchedClaims | undefined): string {
  return JSON.stringify([outcome, reason ?? '', claims?.linkId ?? '', claims?.alertId ?? '']);
}

/** Only the known viewer facts, each cut to a fixed length, without control characters. */
function bounded(viewer: ViewerFacts): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, max] of VIEWER_FIELDS) {
    const value = Object.hasOwn(viewer, name) ? viewer[name] : undefined;
    if (typeof value === 'string' && value) out[name] = value.replace(/\p{Cc}/gu, ' ').slice(0, max);
  }
  return out;
}
