/**
 * One implementation of a state port under test, on fresh and empty storage of its own: the repository,
 * a restart, and cleanup. Every contract suite takes a factory of these and makes one per test.
 */
export interface StateFixture<R> {
  /** The repository, open on this fixture's storage (a new one after `reopen`). */
  readonly repo: R;
  /** Closes the repository and opens it again on the same storage, as a restart of the bot would. */
  reopen(): Promise<R>;
  /** Closes it and removes its storage. */
  dispose(): Promise<void>;
}

export type StateFactory<R> = () => Promise<StateFixture<R>>;

/** A fresh fixture for every test of the calling `describe`; read `.repo` (or `.fixture`) inside tests. */
export function freshState<R>(factory: StateFactory<R>): { readonly repo: R; readonly fixture: StateFixture<R> } {
  let current: StateFixture<R> | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    await current?.dispose();
    current = undefined;
  });
  const fixture = (): StateFixture<R> => {
    if (!current) throw new Error('freshState: no fixture outside a test');
    return current;
  };
  return {
    get repo() {
      return fixture().repo;
    },
    get fixture() {
      return fixture();
    },
  };
}

/** The same records in a stable order, for comparing lists a repository returns in no particular order. */
export function sortedBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}
