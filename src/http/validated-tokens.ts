import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';

/** The longest a validation is reused, whatever the token's expiry: a signing key withdrawn is honoured no longer. */
export const MAX_REUSE_MS = 5 * 60_000;
/** Validations kept at once: far more than the tokens the Bot Connector uses for a tenant at a time. */
const MAX_KEPT = 1_000;

/**
 * Which requests' tokens have already been validated for the same service URL and channel, until the
 * token expires (at most MAX_REUSE_MS): the Bot Connector sends the same token with every activity for
 * the hour it lives, and each card update in a channel of 60 brings up to 60 card actions at once.
 * The decision is the Bot Framework's (`validate`), made again when anything it depends on differs: the
 * token, the activity's `serviceUrl` (checked against the token's claim) or `channelId` (endorsements).
 * A failure is never kept; requests arriving while one is validated wait for it (and share its failure).
 * Keys are hashes: no bearer token is held here.
 */
export class ValidatedTokens {
  private readonly valid = new Map<string, number>();
  /** Validations under way: a burst of card actions with a new token waits for one, not one each. */
  private readonly pending = new Map<string, Promise<void>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Resolves when the token was validated before for this service URL and channel, else as `validate` does. */
  async check(activity: Activity, authHeader: string, validate: () => Promise<unknown>): Promise<void> {
    const key = createHash('sha256')
      .update(JSON.stringify([authHeader, activity.serviceUrl, activity.channelId]))
      .digest('base64url');
    const until = this.valid.get(key);
    if (until !== undefined && this.now() < until) return;
    this.valid.delete(key);
    let validation = this.pending.get(key);
    if (!validation) {
      validation = this.validate(key, authHeader, validate);
      this.pending.set(key, validation);
    }
    return validation;
  }

  /** How many validations are kept (for tests of the bound). */
  get kept(): number {
    return this.valid.size;
  }

  private async validate(key: string, authHeader: string, validate: () => Promise<unknown>): Promise<void> {
    try {
      await validate();
      if (this.valid.size >= MAX_KEPT) this.valid.clear();
      this.valid.set(key, Math.min(expiryOf(authHeader) ?? Infinity, this.now() + MAX_REUSE_MS));
    } finally {
      this.pending.delete(key);
    }
  }
}

/** The `exp` of a bearer JWT (ms since the epoch); undefined without a readable one (no token: local mode). */
function expiryOf(authHeader: string): number | undefined {
  const payload = /^Bearer\s+[\w-]+\.([\w-]+)\./i.exec(authHeader)?.[1];
  if (!payload) return undefined;
  try {
    const exp: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
