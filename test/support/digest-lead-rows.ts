/** Reading a digest card's lead numbers in tests, independently of the code that drew them. */
import { nodesOfType, textsOf, type CardNode, type ExecuteAction } from './card-tree.js';

/** One lead number as a reader sees it. */
export interface LeadRow {
  number: string;
  label: string;
  note?: string;
  /** Drawn large and bold. */
  big: boolean;
  buttons: ExecuteAction[];
}

/** The lead numbers: the ColumnSets of the element right after the header (the card's third). */
export function leadRows(card: unknown): LeadRow[] {
  const lead = ((card as { body: CardNode[] }).body[2] ?? {}) as CardNode;
  if (lead.type !== 'Container') return [];
  return (lead.items as CardNode[])
    .filter((i) => i.type === 'ColumnSet')
    .map((row) => {
      const [numberColumn, textColumn] = row.columns as CardNode[];
      const first = (numberColumn!.items as CardNode[])[0]!;
      const [label, note] = textsOf(textColumn);
      return {
        number: String(first.text),
        label: label!,
        note,
        big: first.size === 'ExtraLarge' && first.weight === 'Bolder',
        buttons: nodesOfType(textColumn, 'Action.Execute') as ExecuteAction[],
      };
    });
}
