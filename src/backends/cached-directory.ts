import type { AdministrativeUnit, Clock, Directory, DirectoryUser } from '../triage/ports.js';

/**
 * A Directory decorator that remembers answers for `ttlMs`, so access checks on every click do not each
 * cost directory calls. Failures are not cached: the next request asks again.
 */
export class CachedDirectory implements Directory {
  private readonly cache = new Map<string, { at: number; value: Promise<unknown> }>();

  constructor(
    private readonly inner: Directory,
    private readonly ttlMs: number,
    private readonly clock: Clock,
  ) {}

  groupsOf(userId: string): Promise<string[]> {
    return this.remember(`groups-of:${userId.toLowerCase()}`, () => this.inner.groupsOf(userId));
  }

  administrativeUnitsOf(userId: string): Promise<AdministrativeUnit[]> {
    return this.remember(`aus-of:${userId.toLowerCase()}`, () => this.inner.administrativeUnitsOf(userId));
  }

  getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    return this.remember(`user:${idOrUpn.toLowerCase()}`, () => this.inner.getUser(idOrUpn));
  }

  listAdministrativeUnits(): Promise<AdministrativeUnit[]> {
    return this.remember('aus-all', () => this.inner.listAdministrativeUnits());
  }

  private remember<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value as Promise<T>;
    const value = load();
    this.cache.set(key, { at: now, value });
    value.catch(() => this.cache.delete(key));
    if (this.cache.size > 10_000) this.evictExpired(now);
    return value;
  }

  private evictExpired(now: number): void {
    for (const [key, entry] of this.cache) if (now - entry.at >= this.ttlMs) this.cache.delete(key);
  }
}
