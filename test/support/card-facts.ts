/**
 * A card's facts by title: FactSet facts, and the title/value rows the alert card draws them as (a
 * ColumnSet of two columns holding one TextBlock each, so long values wrap in every host).
 */
export function factsOf(card: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as {
      type?: unknown;
      facts?: { title: string; value: string }[];
      columns?: { items?: { type?: unknown; text?: unknown }[] }[];
    };
    if (n.type === 'FactSet') for (const f of n.facts ?? []) out[f.title] = f.value;
    if (n.type === 'ColumnSet' && n.columns?.length === 2) {
      const [title, value] = n.columns.map((c) =>
        c.items?.length === 1 && c.items[0]?.type === 'TextBlock' ? c.items[0].text : undefined,
      );
      if (typeof title === 'string' && typeof value === 'string') out[title] = value;
    }
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out;
}
