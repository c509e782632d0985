import type { Severity } from '../src/triage/alert.js';
import { SEVERITY_LABEL } from '../src/triage/alert-labels.js';
import type { Digest } from '../src/triage/digest/digest.js';
import { localShortDayLabel } from '../src/triage/digest/local-time.js';
import { oneLine } from './card-text.js';
import { plain } from './digest-format.js';
import { DIGEST_TEXT as T } from './digest-text.js';

/*
 * The digest's charts. Teams draws `Chart.*` elements in cards that still declare version 1.5
 * (msteams-docs "Charts in Adaptive Cards"; shapes also as in the Teams SDK's @microsoft/teams.cards):
 *   Chart.Donut          data: [{ legend, value, color? }]
 *   Chart.Line           data: [{ legend, values: [{ x, y }] }], xAxisTitle, yAxisTitle
 *   Chart.HorizontalBar  data: [{ x, y, color? }], xAxisTitle, yAxisTitle
 * Every chart carries a `fallback`: a title and a 1.5 `Table` with the same numbers, which is what the
 * standard renderer (the Agents Playground, older and some mobile clients) draws instead.
 * Unconfirmed: how Teams spaces string x values on a line chart (the docs' samples use ISO dates; the SDK
 * types x as number | string), whether a chart's labels are ever read as markdown (we assume plain text,
 * so labels are cut to one line but not markdown-escaped; the fallback tables are escaped), and how the
 * data colours render in dark and high-contrast themes.
 */

type Element = Record<string, unknown>;

const CHART_SEVERITIES: readonly Severity[] = ['high', 'medium', 'low', 'informational', 'unknown'];
/** Data colours from the documented list; red for high, marigold for medium, blue for low, neutral otherwise. */
const SEVERITY_COLOR: Record<Severity, string> = {
  high: 'categoricalRed',
  medium: 'categoricalMarigold',
  low: 'categoricalBlue',
  informational: 'neutral',
  unknown: 'categoricalLavender',
};

/** Open alerts by severity as a donut; undefined when there is nothing to draw. */
export function severityDonut(bySeverity: Record<Severity, number> | undefined): Element | undefined {
  if (!bySeverity) return undefined;
  const present = CHART_SEVERITIES.filter((s) => (bySeverity[s] ?? 0) > 0);
  if (present.length === 0) return undefined;
  const chart = {
    type: 'Chart.Donut',
    colorSet: 'categorical',
    data: present.map((s) => ({ legend: SEVERITY_LABEL[s], value: bySeverity[s], color: SEVERITY_COLOR[s] })),
  };
  const rows = present.map((s) => [SEVERITY_LABEL[s], String(bySeverity[s])]);
  return withFallback(chart, T.bySeverityTitle, table([T.severityColumn, T.openColumn], rows, [3, 2]));
}

/** The 7-day series of new and resolved alerts as two lines; undefined for a digest queued without one. */
export function trendLine(d: Pick<Digest, 'trend' | 'timeZone'>): Element | undefined {
  if (!d.trend?.length) return undefined;
  const days = d.trend.map((t) => localShortDayLabel(new Date(t.endsAt), d.timeZone));
  const series = (legend: string, pick: (t: Digest['trend'][number]) => number) => ({
    legend,
    values: d.trend.map((t, i) => ({ x: days[i]!, y: pick(t) })),
  });
  const chart = {
    type: 'Chart.Line',
    colorSet: 'categorical',
    xAxisTitle: T.dayColumn,
    yAxisTitle: T.alertsAxis,
    data: [series(T.newColumn, (t) => t.new), series(T.resolvedColumn, (t) => t.resolved)],
  };
  const rows = d.trend.map((t, i) => [days[i]!, String(t.new), String(t.resolved)]);
  return withFallback(chart, T.trendTitle, table([T.dayColumn, T.newColumn, T.resolvedColumn], rows, [2, 1, 1]));
}

/**
 * The top policies: a bar per policy with classified alerts (its false-positive rate in %), falling back
 * to a table of every top policy with its alerts and rate; only the table when none is classified yet.
 */
export function policyBars(policies: Digest['topPolicies']): Element {
  const percent = (rate: number) => Math.round(rate * 100);
  const rows = policies.map((p) => [
    plain(p.name),
    String(p.alerts),
    p.falsePositiveRate === undefined ? T.notClassified : T.fpRate(percent(p.falsePositiveRate), p.classified),
  ]);
  const fallback = table([T.policyColumn, T.alertsColumn, T.fpRateColumn], rows, [3, 1, 2]);
  const rated = policies.filter((p) => p.falsePositiveRate !== undefined);
  if (rated.length === 0) return fallback;
  const chart = {
    type: 'Chart.HorizontalBar',
    color: 'categoricalBlue',
    xAxisTitle: T.policyColumn,
    yAxisTitle: T.fpRateColumn,
    data: rated.map((p) => ({ x: oneLine(p.name, 40), y: percent(p.falsePositiveRate!) })),
  };
  return withFallback(chart, T.fpRateTitle, fallback);
}

/** A chart with its title, and as fallback the same title over a table of the same numbers. */
function withFallback(chart: Element, title: string, fallbackTable: Element): Element {
  return {
    ...chart,
    title,
    spacing: 'Medium',
    fallback: {
      type: 'Container',
      spacing: 'Medium',
      items: [{ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Small', wrap: true }, fallbackTable],
    },
  };
}

/** A compact 1.5 Table: a header row, then one row per entry; numbers (every column after the first) right-aligned. */
export function table(header: string[], rows: string[][], widths: number[]): Element {
  const cell = (text: string, header: boolean) => ({
    type: 'TableCell',
    items: [{ type: 'TextBlock', text, wrap: true, ...(header ? { weight: 'Bolder' } : {}) }],
  });
  return {
    type: 'Table',
    spacing: 'Small',
    firstRowAsHeader: true,
    showGridLines: false,
    columns: widths.map((width, i) => ({ width, ...(i > 0 ? { horizontalCellContentAlignment: 'Right' } : {}) })),
    rows: [header, ...rows].map((cells, i) => ({ type: 'TableRow', cells: cells.map((c) => cell(c, i === 0)) })),
  };
}
