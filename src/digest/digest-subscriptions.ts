import type { DigestSubscription, DigestSubscriptionStore } from '../triage/digest/digest-subscription.js';
import type { ScheduledSubscriptions } from './digest-scheduler.js';
import type { DigestSubscriptionRepository } from './digest-subscription-repository.js';

/**
 * Digest subscriptions, with the local date each was last sent for, stored through a
 * DigestSubscriptionRepository. Listeners hear about every change, so the scheduler picks it up without
 * a restart. Kept in memory, read once at load: the domain's DigestSubscriptionStore reads synchronously.
 */
export class DigestSubscriptions implements DigestSubscriptionStore, ScheduledSubscriptions {
  private readonly listeners = new Set<() => void>();
  private readonly byId = new Map<string, DigestSubscription>();

  private constructor(
    private readonly repository: DigestSubscriptionRepository,
    stored: readonly DigestSubscription[],
  ) {
    for (const s of stored) this.byId.set(s.id, s);
  }

  /** The subscriptions the repository holds now. */
  static async load(repository: DigestSubscriptionRepository): Promise<DigestSubscriptions> {
    return new DigestSubscriptions(repository, await repository.list());
  }

  list(): DigestSubscription[] {
    return [...this.byId.values()];
  }

  get(id: string): DigestSubscription | undefined {
    return this.byId.get(id);
  }

  async save(subscription: DigestSubscription): Promise<void> {
    this.byId.set(subscription.id, subscription);
    await this.repository.save(subscription);
    this.notify();
  }

  async remove(id: string): Promise<boolean> {
    if (!this.byId.has(id)) return false;
    this.byId.delete(id);
    await this.repository.remove(id);
    this.notify();
    return true;
  }

  /** Called after every change; returns the unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
