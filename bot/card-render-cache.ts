import type { AdaptiveCard } from '../cards/adaptive-card.js';

const MINUTE_MS = 60_000;

interface Entry {
  json: string;
  /** The clock reading it was drawn at, and the first one at which one of its relative times may read differently. */
  from: number;
  until: number;
}

/**
 * Rendered cards by view key (`cardViewKey`), so the same view drawn again (Teams refreshing a card for up
 * to 60 people at once after each update) is not expanded again. Least recently used first out, at most
 * `maxEntries` cards and `maxBytes` of card JSON. Kept as JSON: every answer gets its own copy to change.
 * A card is kept only when its key is asked for a second time (a key seen once is only noted), so views
 * nobody asks for twice (one person opening alerts one after another) cost no copy.
 *
 * Time: a card's relative times ("12 min ago", "Due in 3 h", "Past SLA by 2 h") count whole minutes since
 * one of the timestamps it is drawn from (or until a whole number of hours after one), so they read the
 * same between two instants a whole number of minutes away from any of those timestamps: an entry holds
 * from the reading it was drawn at until the next such instant; a clock reading outside is a miss.
 */
export class CardRenderCache {
  private readonly entries = new Map<string, Entry>();
  /** Keys drawn once and not kept yet, oldest first (at most `maxEntries`). */
  private readonly seen = new Set<string>();
  private bytes = 0;

  constructor(
    private readonly maxEntries = 2_000,
    private readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  /**
   * The card `draw` makes at `now`, or a copy of the one it made for the same key while the card's relative
   * times read the same; `key` undefined: not cacheable, always drawn. `timestamps`: every instant the card
   * may show a time relative to (ISO strings; unparsable ones are ignored).
   */
  card(key: string | undefined, now: Date, timestamps: Iterable<string | undefined>, draw: () => AdaptiveCard) {
    if (key === undefined) return draw();
    const at = now.getTime();
    const hit = this.entries.get(key);
    if (hit) {
      this.forget(key, hit);
      if (at >= hit.from && at < hit.until) {
        this.entries.set(key, hit); // most recently used last
        this.bytes += hit.json.length;
        return JSON.parse(hit.json) as AdaptiveCard;
      }
    }
    const card = draw();
    // Kept before (its time window passed) counts as asked for again.
    if (!hit && !this.seen.delete(key)) {
      this.seen.add(key);
      if (this.seen.size > this.maxEntries) this.seen.delete(this.seen.values().next().value!);
      return card;
    }
    const json = JSON.stringify(card);
    if (json.length <= this.maxBytes / 4) this.remember(key, { json, from: at, until: nextMinuteMark(at, timestamps) });
    return card;
  }

  /** How many cards it holds now. */
  get size(): number {
    return this.entries.size;
  }

  private remember(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.bytes += entry.json.length;
    for (const [oldest, e] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.forget(oldest, e);
    }
  }

  private forget(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.json.length;
  }
}

/**
 * The first instant after `at` that is a whole number of minutes away from one of `timestamps`. Counts
 * down ("Due in …") change one millisecond after such an instant, and ages right at it: a card drawn exactly
 * at one holds for that millisecond only.
 */
export function nextMinuteMark(at: number, timestamps: Iterable<string | undefined>): number {
  let until = at + MINUTE_MS;
  for (const ts of timestamps) {
    const t = ts === undefined ? NaN : new Date(ts).getTime();
    if (Number.isNaN(t)) continue;
    const into = (((at - t) % MINUTE_MS) + MINUTE_MS) % MINUTE_MS;
    if (into === 0) return at + 1;
    until = Math.min(until, at + MINUTE_MS - into);
  }
  return until;
}
