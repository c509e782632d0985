/** The texts Teams draws for a card's charts (they are not TextBlocks), for the translation tests. */
import { chartsOf } from './card-charts.js';
import { shownTexts } from './localized-texts.js';

/** Every chart's title, axis titles, legends and string x values, in card order. */
export function chartTexts(card: unknown): string[] {
  const out: string[] = [];
  for (const chart of chartsOf(card)) {
    for (const key of ['title', 'xAxisTitle', 'yAxisTitle']) if (typeof chart[key] === 'string') out.push(chart[key]);
    for (const point of (chart.data ?? []) as Record<string, unknown>[]) {
      if (typeof point.legend === 'string') out.push(point.legend);
      if (typeof point.x === 'string') out.push(point.x);
      for (const value of (point.values ?? []) as { x?: unknown }[]) if (typeof value.x === 'string') out.push(value.x);
    }
  }
  return out;
}

/** What a reader sees of a card: its shown texts (fallback tables included) and its charts' texts. */
export const everyText = (card: unknown): string[] => [...shownTexts(card), ...chartTexts(card)];

/**
 * The texts of a translated card that are still the English card's (charts included), apart from
 * `allowed` data and texts made only of digits and signs. Empty when nothing English is left.
 */
export function englishLeftWithCharts(
  english: unknown,
  translated: unknown,
  allowed: (text: string) => boolean,
): string[] {
  const englishTexts = new Set(everyText(english));
  const numeric = (t: string) => /^[\d\s.,:%+−±()/-]*$/.test(t);
  return everyText(translated).filter((t) => englishTexts.has(t) && !numeric(t) && !allowed(t));
}
