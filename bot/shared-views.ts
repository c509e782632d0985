import { JsonText } from '../src/http/json-text.js';

/** How long a rendered view is reused: a refresh burst is answered within a second; ages move by minutes. */
export const VIEW_REUSE_MS = 5_000;
/** The most views (and keys seen once) kept: far more than the cards a burst of bursts refreshes at once. */
const MAX_KEPT = 256;

/**
 * Card views rendered once and answered, as JSON text, to every reader who would get exactly the same
 * card within VIEW_REUSE_MS: one card update in a channel of 60 brings up to 60 refreshes of it at once,
 * most from people with the same rights, language and zone. Keys come from `alertViewKey`, after the
 * reader's access was decided; nothing here decides who sees what.
 * A view is kept from its second request on: a refresh nobody repeats keeps only its key, so steady
 * single refreshes do not fill the old generation with card text.
 */
export class SharedViews {
  private readonly seen = new Map<string, number>();
  private readonly views = new Map<string, { json: JsonText; at: number }>();
  private hits = 0;
  private renders = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The view for `key`: reused while fresh, else rendered (and kept if the key was asked for before). */
  view(key: string, render: () => unknown): JsonText {
    const now = this.now();
    // A revoked share link's URL must not outlive its views by long: stale entries go first.
    dropStale(this.views, (e) => e.at, now);
    dropStale(this.seen, (at) => at, now);
    const kept = this.views.get(key);
    if (kept && fresh(kept.at, now)) {
      this.hits++;
      return kept.json;
    }
    this.renders++;
    const json = new JsonText(JSON.stringify(render()));
    const firstSeen = this.seen.get(key);
    if (firstSeen !== undefined && fresh(firstSeen, now)) remember(this.views, key, { json, at: now });
    else remember(this.seen, key, now);
    return json;
  }

  /** How many views and once-seen keys are held (for tests of the bounds). */
  get held(): number {
    return this.views.size + this.seen.size;
  }

  /** Views answered from what was kept, and views rendered (for tests). */
  get stats(): { hits: number; renders: number } {
    return { hits: this.hits, renders: this.renders };
  }
}

const fresh = (at: number, now: number) => now >= at && now - at < VIEW_REUSE_MS;

/** Drops entries from the oldest on while they are no longer fresh (entries are kept oldest first). */
function dropStale<V>(map: Map<string, V>, at: (v: V) => number, now: number): void {
  for (const [key, value] of map) {
    if (fresh(at(value), now)) return;
    map.delete(key);
  }
}

/** Sets `key` as the newest entry, dropping the oldest beyond MAX_KEPT. */
function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_KEPT) map.delete(map.keys().next().value!);
}
