import type { Translator } from '../src/i18n/translator.js';
import type { Severity } from '../src/triage/alert.js';
import type { Digest } from '../src/triage/digest/digest.js';
import { oneLine } from './card-text.js';
import { plain } from './digest-format.js';
import { shortDayLabel } from './reader-dates.js';

/*
 * The digest's charts. Teams draws `Chart.*` elements in cards that still declare version 1.5
 * (msteams-docs "Charts in Adaptive Cards"; shapes also as in the Teams SDK's @microsoft/teams.cards):
 *   Chart.Donut          data: [{ legend, value, color? }]
 *   Chart.Line           data: [{ legend, values: [{ x, y }] }], xAxisTitle, yAxisTitle
 *   Chart.HorizontalBar  data: [{ x, y, color? }], xAxisTitle, yAxisTitle
 * Every chart carries a `fallback`: a title and a 1.5 `Table` with the same numbers, which is what the
 * standard renderer (the Agents Playground, older and some mobile clients) draws instead. Titles, legends,
 * axes, days and headers are in the reader's language; days in the digest's zone.
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
export function severityDonut(bySeverity: Record<Severity, number> | undefined, i18n: Translator): Element | undefined {
  if (!bySeverity) return undefined;
  const present = CHART_SEVERITIES.filter((s) => (bySeverity[s] ?? 0) > 0);
  if (present.length === 0) return undefined;
  const label = (s: Severity) => i18n.t(`labels.severity.${s}`);
  const chart = {
    type: 'Chart.Donut',
    colorSet: 'categorical',
    data: present.map((s) => ({ legend: label(s), value: bySeverity[s], color: SEVERITY_COLOR[s] })),
  };
  const rows = present.map((s) => [label(s), i18n.number(bySeverity[s])]);
  const header = [i18n.t('digest.severityColumn'), i18n.t('digest.openColumn')];
  return withFallback(chart, i18n.t('digest.bySeverityTitle'), table(header, rows, [3, 2]));
}

/** The 7-day series of new and resolved alerts as two lines; undefined for a digest queued without one. */
export function trendLine(d: Pick<Digest, 'trend' | 'timeZone'>, i18n: Translator): Element | undefined {
  if (!d.trend?.length) return undefined;
  const days = d.trend.map((t) => shortDayLabel(i18n, t.endsAt, d.timeZone));
  const series = (legend: string, pick: (t: Digest['trend'][number]) => number) => ({
    legend,
    values: d.trend.map((t, i) => ({ x: days[i]!, y: pick(t) })),
  });
  const [day, added, resolved] = ['digest.dayColumn', 'digest.newColumn', 'digest.resolvedColumn'] as const;
  const chart = {
    type: 'Chart.Line',
    colorSet: 'categorical',
    xAxisTitle: i18n.t(day),
    yAxisTitle: i18n.t('digest.alertsAxis'),
    data: [series(i18n.t(added), (t) => t.new), series(i18n.t(resolved), (t) => t.resolved)],
  };
  const rows = d.trend.map((t, i) => [days[i]!, i18n.number(t.new), i18n.number(t.resolved)]);
  const header = [i18n.t(day), i18n.t(added), i18n.t(resolved)];
  return withFallback(chart, i18n.t('digest.trendTitle'), table(header, rows, [2, 1, 1]));
}

/**
 * The top policies: a bar per policy with classified alerts (its false-positive rate in %), falling back
 * to a table of every top policy with its alerts and rate; only the table when none is classified yet.
 */
export function policyBars(policies: Digest['topPolicies'], i18n: Translator): Element {
  const percent = (rate: number) => Math.round(rate * 100);
  const rows = policies.map((p) => [
    plain(p.name),
    i18n.number(p.alerts),
    p.falsePositiveRate === undefined
      ? i18n.t('digest.notClassified')
      : i18n.t('digest.fpRate', { percent: percent(p.falsePositiveRate), classified: p.classified }),
  ]);
  const [policy, fpRate] = [i18n.t('digest.policyColumn'), i18n.t('digest.fpRateColumn')];
  const fallback = table([policy, i18n.t('digest.alertsColumn'), fpRate], rows, [3, 1, 2]);
  const rated = policies.filter((p) => p.falsePositiveRate !== undefined);
  if (rated.length === 0) return fallback;
  const chart = {
    type: 'Chart.HorizontalBar',
    color: 'categoricalBlue',
    xAxisTitle: policy,
    yAxisTitle: fpRate,
    data: rated.map((p) => ({ x: oneLine(p.name, 40), y: percent(p.falsePositiveRate!) })),
  };
  return withFallback(chart, i18n.t('digest.fpRateTitle'), fallback);
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
