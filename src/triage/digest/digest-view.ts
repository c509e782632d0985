import type { Digest } from './digest.js';
import type { SlaHours } from './digest-rules.js';
import type { ScopeName } from './digest-scope.js';

/** What the digest card shows, besides the numbers: a value the edge (cards/) renders, never card JSON. */
export interface DigestView {
  digest: Digest;
  /** The scope in English words, e.g. "AU EMEA" (what a digest queued by an older version carries alone). */
  scopeLabel: string;
  /** The scope for the card to word in its reader's language. */
  scope?: ScopeName;
  /** Display names of the assignees in `digest.openByAssignee`, by lower-case user principal name. */
  assigneeNames: Readonly<Record<string, string>>;
  /** The Defender portal's alert queue. */
  defenderUrl: string;
  /** The SLA the breaches were counted against, to say so on the card. */
  sla: SlaHours;
  /** A channel digest's buttons carry the channel, so their lists keep to its scope. */
  channelId?: string;
}
