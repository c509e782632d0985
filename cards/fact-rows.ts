/**
 * Labelled lines as two-column rows of wrapping text blocks, the way the alert card draws its facts: a
 * FactSet does not wrap a long unbroken value in every host (a OneDrive path widened a card to 706 px of
 * 414), rows do. Both parts must already be escaped.
 */
export function factRows(facts: readonly { title: string; value: string }[]): Record<string, unknown>[] {
  return facts.map(({ title, value }) => ({
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      { type: 'Column', width: '110px', items: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }] },
      { type: 'Column', width: 'stretch', items: [{ type: 'TextBlock', text: value, wrap: true }] },
    ],
  }));
}
