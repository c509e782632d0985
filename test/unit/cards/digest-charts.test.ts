import { strict as assert } from 'node:assert';
import { renderDigestCard } from '../../../cards/digest-card.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { chartShapeProblems, chartsOf } from '../../support/card-charts.js';
import { nodesOfType, textsOf, type CardNode } from '../../support/card-tree.js';
import { digestSample, view } from './digest-card-sample.js';

/*
 * The digest's charts: alerts by severity (donut), the 7-day trend of new vs resolved (line), the
 * false-positive rate per top policy (bar). Each falls back to a table with the same numbers, which is
 * what the Agents Playground and other clients without chart support draw.
 */

/** The body rows (header row left out) of the Table in a chart's fallback, as cell texts. */
function fallbackRows(chart: CardNode): string[][] {
  const [table] = nodesOfType(chart.fallback, 'Table');
  assert.ok(table, `${chart.type} falls back to a Table`);
  assert.equal(table.firstRowAsHeader, true);
  return (table.rows as CardNode[]).slice(1).map((r) => (r.cells as CardNode[]).map((c) => textsOf(c).join(' ')));
}

const chartOf = (card: unknown, type: string) => {
  const found = chartsOf(card).filter((c) => c.type === type);
  assert.equal(found.length, 1, `one ${type}`);
  return found[0]!;
};

describe('digest charts', () => {
  const v = view(digestSample().alerts);
  const card = renderDigestCard(v);

  it('open alerts by severity: a donut whose fallback table has the same numbers, which are the digest’s', () => {
    const donut = chartOf(card, 'Chart.Donut');
    const data = (donut.data as { legend: string; value: number }[]).map((d) => [d.legend, String(d.value)]);
    assert.deepEqual(data, [
      ['High', '2'],
      ['Medium', '1'],
      ['Low', '1'],
      ['Informational', '1'],
    ]);
    assert.deepEqual(fallbackRows(donut), data);
    const o = v.digest.open.bySeverity;
    assert.deepEqual([o.high, o.medium, o.low, o.informational], [2, 1, 1, 1]);
  });

  it('the 7-day trend: two lines, new and resolved per day, and a table of the same seven days', () => {
    const line = chartOf(card, 'Chart.Line');
    const [newSeries, resolvedSeries] = line.data as { legend: string; values: { x: string; y: number }[] }[];
    assert.deepEqual([newSeries!.legend, resolvedSeries!.legend], ['New', 'Resolved']);
    const days = newSeries!.values.map((p) => p.x);
    assert.deepEqual(days, ['Wed, 3/4', 'Thu, 3/5', 'Fri, 3/6', 'Sat, 3/7', 'Sun, 3/8', 'Mon, 3/9', 'Tue, 3/10']);
    assert.deepEqual(
      newSeries!.values.map((p) => p.y),
      [0, 0, 0, 1, 1, 1, 3],
    );
    assert.deepEqual(
      resolvedSeries!.values.map((p) => p.y),
      [0, 0, 0, 0, 1, 0, 1],
    );
    assert.deepEqual(
      fallbackRows(line),
      days.map((day, i) => [day, String(newSeries!.values[i]!.y), String(resolvedSeries!.values[i]!.y)]),
    );
    assert.deepEqual(
      v.digest.trend.map((t) => [t.new, t.resolved]),
      days.map((_, i) => [newSeries!.values[i]!.y, resolvedSeries!.values[i]!.y]),
    );
  });

  it('false-positive rate per top policy: a bar per classified policy, the table lists every top policy', () => {
    const bar = chartOf(card, 'Chart.HorizontalBar');
    assert.deepEqual(bar.data, [
      { x: '*Bold* [PCI](x)', y: 100 },
      { x: 'GDPR', y: 0 },
    ]);
    assert.deepEqual(fallbackRows(bar), [
      ['Policy A', '3', 'none classified'],
      ['\\*Bold\\* \\[PCI\\](x)', '2', '100 % of 1'],
      ['GDPR', '1', '0 % of 1'],
    ]);
    const rates = v.digest.topPolicies.map((p) => p.falsePositiveRate);
    assert.deepEqual(rates, [undefined, 1, 0]);
  });

  it('with no classified alert, the policies are a plain table (no chart of nothing)', () => {
    const unclassified = digestSample().alerts.filter((s) => s.alert.status !== 'resolved');
    const c = renderDigestCard(view(unclassified));
    assert.equal(chartsOf(c).filter((x) => x.type === 'Chart.HorizontalBar').length, 0);
    assert.ok(textsOf(c).includes('none classified'));
    assert.deepEqual(validateAdaptiveCard(c), []);
  });

  it('the card stays version 1.5 and is schema-valid with every chart replaced by its fallback', () => {
    assert.equal(card.version, '1.5');
    assert.equal(chartsOf(card).length, 3);
    assert.deepEqual(validateAdaptiveCard(card), []);
    const broken = JSON.parse(JSON.stringify(card, (k, v) => (k === 'fallback' ? undefined : v)));
    const problems = validateAdaptiveCard(broken);
    assert.equal(problems.filter((p) => p.includes('has no fallback')).length, 3, problems.join('\n'));
  });

  it('each chart element has the shape Microsoft documents for it (checked apart from the 1.5 schema)', () => {
    for (const chart of chartsOf(card)) assert.deepEqual(chartShapeProblems(chart), [], String(chart.type));
    const donut = chartOf(card, 'Chart.Donut');
    const wrong = { ...donut, data: [{ label: 'High', value: '2' }] };
    assert.ok(chartShapeProblems(wrong).length > 0, 'the shape check refuses an undocumented shape');
  });
});
