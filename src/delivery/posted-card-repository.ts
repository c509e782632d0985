import type { PostedCard } from './card-registry.js';

/** Durable storage of where each alert's card was posted, one record per alert id. */
export interface PostedCardRepository {
  /** Every record, in no particular order. */
  list(): Promise<PostedCard[]>;
  /** The record of one alert, if its card was posted. */
  get(alertId: string): Promise<PostedCard | undefined>;
  /** Adds the record, or replaces the one of the same alert id; resolves once durable. */
  save(card: PostedCard): Promise<void>;
}
