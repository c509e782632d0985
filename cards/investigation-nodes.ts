/** The two elements the investigation card is built of: a wrapping text block and a titled section. */

export type Node = Record<string, unknown>;

/** A wrapping TextBlock; `value` must already be escaped. */
export function text(value: string, extra: Node = {}): Node {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

/** A section: a separated container with a bold title over its items. */
export function section(title: string, items: Node[]): Node {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [text(title, { weight: 'Bolder' }), ...items],
  };
}
