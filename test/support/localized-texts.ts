import { nodes } from './card-tree.js';

/**
 * Every text a card shows a reader: text blocks, facts, button and choice titles, input labels,
 * placeholders, error messages and toggle titles, the fallback text.
 */
export function shownTexts(card: unknown): string[] {
  const out: string[] = [];
  const root = card as { fallbackText?: unknown };
  if (typeof root?.fallbackText === 'string') out.push(root.fallbackText);
  for (const n of nodes(card)) {
    if (n.type === 'TextBlock') out.push(String(n.text));
    if (typeof n.type === 'string' && n.type.startsWith('Action.') && n.title) out.push(String(n.title));
    if (n.type === 'FactSet') for (const f of n.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    if (typeof n.type === 'string' && n.type.startsWith('Input.')) {
      for (const field of ['label', 'placeholder', 'errorMessage'] as const) if (n[field]) out.push(String(n[field]));
      if (n.type === 'Input.Toggle' && n.title) out.push(String(n.title));
    }
    if (n.type === 'Input.ChoiceSet') for (const c of n.choices as { title: string }[]) out.push(c.title);
  }
  return out;
}

/**
 * The texts of a translated card that are still the English card's, apart from `allowed` ones (data,
 * names, ids and command syntax, which are the same in every language). Empty when nothing English is left.
 */
export function englishLeft(english: unknown, translated: unknown, allowed: Iterable<string> = []): string[] {
  const englishTexts = new Set(shownTexts(english));
  const allow = new Set(allowed);
  return shownTexts(translated).filter((t) => englishTexts.has(t) && !allow.has(t));
}
