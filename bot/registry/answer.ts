import type { AdaptiveCard } from '../../cards/adaptive-card.js';
import type { JsonText } from '../../src/http/json-text.js';

/**
 * What a card verb, a text command or a thread command answers, independent of how Teams gets it:
 * `card` (an Adaptive Card), `text` (Teams markdown, every piece of user data already escaped with
 * `md()`), or `notice` (one plain sentence, escaped on the way out wherever markdown is rendered).
 * `cardJson` is a card already serialised (a view shared by a burst of readers, bot/shared-views.ts).
 * bot/answers.ts is the one place that turns it into an invoke response or a message.
 */
export type Answer = { card: AdaptiveCard } | { cardJson: JsonText } | { text: string } | { notice: string };

/** An answer with a card. */
export const cardAnswer = (card: AdaptiveCard | Record<string, unknown>): Answer => ({ card: card as AdaptiveCard });

/** An answer with Teams markdown text (user data in it already escaped). */
export const textAnswer = (text: string): Answer => ({ text });

/** An answer with one plain sentence. */
export const noticeAnswer = (notice: string): Answer => ({ notice });
