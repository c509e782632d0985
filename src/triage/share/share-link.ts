/** A read-only link to an alert, as recorded so that it can be listed, checked and revoked. */
export interface ShareLink {
  linkId: string;
  alertId: string;
  /** The tenant the link is bound to; a token naming another tenant is refused. */
  tenantId: string;
  createdBy: { id: string; name?: string };
  createdAt: string;
  /** Whole seconds (the token carries the expiry in seconds). */
  expiresAt: string;
  revokedAt?: string;
  revokedBy?: { id: string; name?: string };
}

/**
 * Where share links are recorded. Reads are synchronous because cards are rendered synchronously; an
 * implementation keeps the records in memory and persists each write before it resolves.
 */
export interface ShareLinkStore {
  get(linkId: string): ShareLink | undefined;
  /** Every link ever made for the alert, revoked and expired ones included. */
  forAlert(alertId: string): ShareLink[];
  /** Adds or replaces links (by `linkId`) durably. */
  save(links: readonly ShareLink[]): Promise<void>;
}

/** Signs and checks share tokens; the key never leaves the implementation. */
export interface TokenSigner {
  /** The MAC of `data`, base64url. */
  sign(data: string): string;
  /** Whether `mac` is exactly `sign(data)`, compared in constant time. */
  verify(data: string, mac: string): boolean;
}
