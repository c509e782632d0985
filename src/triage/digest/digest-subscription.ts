/** Who a digest goes to: a person's 1:1 chat (Entra object id), or a registered triage channel. */
export type DigestTarget = { kind: 'user'; userId: string } | { kind: 'channel'; channelId: string };

/** Where a command asks for a digest: the requester's own (personal chat), or a triage channel's. */
export type DigestPlace = { kind: 'personal' } | { kind: 'channel'; channelId: string };

/** One daily digest: where, at what local time, and the local date it was last sent for. */
export interface DigestSubscription {
  /** `user:<entra id, lower case>` or `channel:<channel id>`: one subscription per target. */
  id: string;
  target: DigestTarget;
  /** The subscriber's or the channel's name, for settings and logs. */
  name?: string;
  /** Local time of day, `HH:MM`. */
  time: string;
  /** IANA time zone, canonical spelling. */
  timeZone: string;
  /**
   * When the schedule was set (ISO instant). Occurrences before it are never due, so subscribing at
   * 09:00 for 08:00 does not count as a missed 08:00 digest.
   */
  since: string;
  /** Local date (`YYYY-MM-DD`) of the last occurrence sent; at most one digest per local day. */
  lastSentDate?: string;
  createdBy: { id: string; name?: string };
}

/** The durable set of subscriptions. `save` and `remove` resolve once the change is on disk. */
export interface DigestSubscriptionStore {
  list(): DigestSubscription[];
  get(id: string): DigestSubscription | undefined;
  save(subscription: DigestSubscription): Promise<void>;
  /** Removes it; false when there was none. */
  remove(id: string): Promise<boolean>;
}

/** The id of a target's subscription. */
export function subscriptionIdOf(target: DigestTarget): string {
  return target.kind === 'user' ? `user:${target.userId.toLowerCase()}` : `channel:${target.channelId}`;
}

/** What the digest needs to know about a triage channel (delivery's ChannelRegistry provides it). */
export interface TriageChannelLookup {
  get(
    channelId: string,
  ):
    | { channelName?: string; teamName?: string; administrativeUnits?: { id: string; displayName: string }[] }
    | undefined;
}
