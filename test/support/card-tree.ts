/** Reading an Adaptive Card's tree in tests, independently of the code that drew it. */

/** A node of a card: any object in its JSON. */
export type CardNode = Record<string, any>;

/** Every object anywhere in the card, depth first (the card itself first). */
export function nodes(card: unknown, out: CardNode[] = []): CardNode[] {
  if (Array.isArray(card)) for (const n of card) nodes(n, out);
  else if (card && typeof card === 'object') {
    out.push(card as CardNode);
    for (const v of Object.values(card)) nodes(v, out);
  }
  return out;
}

/** Every element or action of one `type` (`TextBlock`, `Action.Execute`…), depth first. */
export const nodesOfType = (card: unknown, type: string): CardNode[] => nodes(card).filter((n) => n.type === type);

/** The texts a card shows: its TextBlocks, and with `facts` its FactSet facts as "title: value", in card order. */
export function textsOf(card: unknown, options: { facts?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const n of nodes(card)) {
    if (n.type === 'TextBlock') out.push(String(n.text));
    if (options.facts && n.type === 'FactSet')
      for (const f of n.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
  }
  return out;
}

/** An `Action.Execute` as tests read it: its verb and data. */
export interface ExecuteAction extends CardNode {
  verb: string;
  data: Record<string, any>;
}

/** Every Action.Execute anywhere in a card (or in several cards), depth first. */
export const executeActions = (card: unknown): ExecuteAction[] =>
  nodesOfType(card, 'Action.Execute') as ExecuteAction[];

/** The verbs of a card's Action.Execute buttons. */
export const verbsIn = (card: unknown): Set<string> => new Set(executeActions(card).map((a) => a.verb));
