/**
 * Teams chart elements (`Chart.Donut`, `Chart.Line`, `Chart.HorizontalBar`, …) in tests. They are not in
 * the Adaptive Cards 1.5 schema: a 1.5 client draws each chart's `fallback` instead, so the schema check
 * validates the card with every chart replaced by its fallback, and the charts' own shape is checked
 * here against Microsoft's "Charts in Adaptive Cards" page (msteams-docs
 * task-modules-and-cards/cards/charts-in-adaptive-cards.md) and the Teams SDK's @microsoft/teams.cards types.
 */
import { z } from 'zod';
import { nodes, type CardNode } from './card-tree.js';

export const isChart = (node: unknown): node is CardNode =>
  typeof node === 'object' && node !== null && String((node as CardNode).type ?? '').startsWith('Chart.');

/** Every chart element in a card, depth first. */
export const chartsOf = (card: unknown): CardNode[] => nodes(card).filter(isChart);

/**
 * A copy of the card as a client without chart support draws it: every chart replaced by its fallback.
 * A chart without an element as fallback is reported (such a client would show nothing or an error).
 */
export function withChartFallbacks(node: unknown, errors: string[], where = ''): unknown {
  if (Array.isArray(node)) return node.map((n, i) => withChartFallbacks(n, errors, `${where}/${i}`));
  if (typeof node !== 'object' || node === null) return node;
  if (isChart(node)) {
    const fallback = node.fallback;
    if (typeof fallback !== 'object' || fallback === null || isChart(fallback)) {
      errors.push(`${where} ${String(node.type)} has no fallback element a 1.5 client can draw`);
      return { type: 'TextBlock', text: '' };
    }
    return withChartFallbacks(fallback, errors, `${where}/fallback`);
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withChartFallbacks(v, errors, `${where}/${k}`)]));
}

/** The data colours the docs list for chart data points. */
const CHART_COLOR = z.enum([
  'good',
  'warning',
  'attention',
  'neutral',
  'categoricalRed',
  'categoricalPurple',
  'categoricalLavender',
  'categoricalBlue',
  'categoricalLightBlue',
  'categoricalTeal',
  'categoricalGreen',
  'categoricalLime',
  'categoricalMarigold',
  ...([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `sequential${n}`) as [string, ...string[]]),
  'divergingBlue',
  'divergingLightBlue',
  'divergingCyan',
  'divergingTeal',
  'divergingYellow',
  'divergingPeach',
  'divergingLightRed',
  'divergingRed',
  'divergingMaroon',
  'divergingGray',
]);

/** Properties every chart element may carry (the docs' common element properties). */
const COMMON = {
  title: z.string().min(1).optional(),
  colorSet: z.string().optional(),
  fallback: z.object({ type: z.string() }).loose(),
  id: z.string().optional(),
  isVisible: z.boolean().optional(),
  separator: z.boolean().optional(),
  spacing: z.enum(['None', 'ExtraSmall', 'Small', 'Default', 'Medium', 'Large', 'ExtraLarge', 'Padding']).optional(),
  height: z.enum(['auto', 'stretch']).optional(),
  horizontalAlignment: z.enum(['Left', 'Center', 'Right']).optional(),
  targetWidth: z.string().optional(),
};
const AXES = {
  color: CHART_COLOR.optional(),
  xAxisTitle: z.string().optional(),
  yAxisTitle: z.string().optional(),
};
const point = z.strictObject({ x: z.union([z.string(), z.number()]), y: z.number(), color: CHART_COLOR.optional() });

const SHAPES: Record<string, z.ZodType> = {
  'Chart.Donut': z.strictObject({
    type: z.literal('Chart.Donut'),
    ...COMMON,
    data: z.array(z.strictObject({ legend: z.string(), value: z.number(), color: CHART_COLOR.optional() })).min(1),
  }),
  'Chart.Line': z.strictObject({
    type: z.literal('Chart.Line'),
    ...COMMON,
    ...AXES,
    data: z
      .array(
        z.strictObject({
          legend: z.string().optional(),
          color: CHART_COLOR.optional(),
          values: z.array(z.strictObject({ x: z.union([z.string(), z.number()]), y: z.number() })).min(1),
        }),
      )
      .min(1),
  }),
  'Chart.HorizontalBar': z.strictObject({
    type: z.literal('Chart.HorizontalBar'),
    ...COMMON,
    ...AXES,
    displayMode: z.enum(['AbsoluteWithAxis', 'AbsoluteNoAxis', 'PartToWhole']).optional(),
    data: z.array(point).min(1),
  }),
  'Chart.VerticalBar': z.strictObject({
    type: z.literal('Chart.VerticalBar'),
    ...COMMON,
    ...AXES,
    showBarValues: z.boolean().optional(),
    data: z.array(point).min(1),
  }),
};

/** What is wrong with a chart element's shape (empty = as documented); chart types we do not use are refused. */
export function chartShapeProblems(chart: CardNode): string[] {
  const type = String(chart.type);
  const shape = Object.hasOwn(SHAPES, type) ? SHAPES[type] : undefined;
  if (!shape) return [`${type} is not a chart type these tests know`];
  const result = shape.safeParse(chart);
  return result.success ? [] : result.error.issues.map((i) => `${type} ${i.path.join('.') || '/'}: ${i.message}`);
}
