import type { DigestSubscription } from '../triage/digest/digest-subscription.js';

/** Durable storage of digest subscriptions by id; change listeners live in DigestSubscriptions. */
export interface DigestSubscriptionRepository {
  /** Every subscription, in no particular order. */
  list(): Promise<DigestSubscription[]>;
  /** One subscription, if there is one with this id. */
  get(id: string): Promise<DigestSubscription | undefined>;
  /** Adds the subscription, or replaces the one with the same id; resolves once durable. */
  save(subscription: DigestSubscription): Promise<void>;
  /** Removes it; false when there was none. */
  remove(id: string): Promise<boolean>;
}
