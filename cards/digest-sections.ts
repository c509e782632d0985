import type { Translator } from '../src/i18n/translator.js';
import { NO_UNIT } from '../src/triage/digest/digest.js';
import type { DigestView } from '../src/triage/digest/digest-view.js';
import { policyBars, severityDonut, trendLine } from './digest-charts.js';
import { delta, duration, plain } from './digest-format.js';
import { clockTime } from './reader-dates.js';

/**
 * The sections after the lead numbers, one function each, grouped the way a manager reads them: what is
 * open (by status, by severity), the last 24 hours, the last 7 days (trend and speed), the policies that
 * fire most and how often they are wrong, who holds the open alerts, and the units when there are
 * several. Worded in the reader's language; every name in them is data and escaped.
 */

type Pairs = [string, string][];

export function openSection({ digest: d }: DigestView, i18n: Translator): unknown[] {
  const o = d.open;
  const n = (count: number) => i18n.number(count);
  const rows: Pairs = [
    [i18n.t('labels.status.new'), n(o.byStatus.new)],
    [i18n.t('labels.status.inProgress'), n(o.byStatus.inProgress)],
    ...(o.byStatus.other ? ([[i18n.t('digest.statusOther'), n(o.byStatus.other)]] as Pairs) : []),
    [i18n.t('digest.unassigned'), n(o.unassigned)],
  ];
  const donut = severityDonut(o.bySeverity, i18n);
  return section(i18n.t('digest.openTitle', { count: o.total }), [facts(rows), ...(donut ? [donut] : [])]);
}

/** New and resolved in the last 24 hours: two lines, the resolved ones split by classification. */
export function last24hSection({ digest: d }: DigestView, i18n: Translator): unknown[] {
  const received = i18n.t('digest.newLast24h', {
    count: d.received.last24h,
    delta: delta(d.received.last24h, d.received.previous24h),
  });
  const r = d.resolved24h;
  const split = i18n.t(r.unclassified ? 'digest.resolvedSplitUnclassified' : 'digest.resolvedSplit', { ...r });
  const resolved = r.total
    ? i18n.t('digest.resolvedLast24hSplit', { count: r.total, split })
    : i18n.t('digest.resolvedLast24h', { count: r.total });
  return [
    {
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: received, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: resolved, weight: 'Bolder', wrap: true, spacing: 'Small' },
      ],
    },
  ];
}

/** The 7-day trend of new vs resolved, and how fast alerts were assigned and resolved. */
export function weekSection({ digest: d }: DigestView, i18n: Translator): unknown[] {
  const { timeToAssign: toAssign, timeToResolve: toResolve } = d.medians;
  const assign =
    toAssign.ms === undefined
      ? i18n.t('digest.noAssignments')
      : i18n.t('digest.assignMedian', { duration: duration(toAssign.ms, i18n), count: toAssign.count });
  const resolve =
    toResolve.ms === undefined
      ? i18n.t('digest.nothingResolved')
      : i18n.t('digest.resolveMedian', { duration: duration(toResolve.ms, i18n), count: toResolve.count });
  const line = trendLine(d, i18n);
  const time = clockTime(i18n, d.generatedAt, d.timeZone);
  return section(i18n.t('digest.weekTitle'), [
    ...(line ? [line, note(i18n.t('digest.trendNote', { time, zone: d.timeZone }))] : []),
    facts([
      [i18n.t('digest.timeToAssign'), assign],
      [i18n.t('digest.timeToResolve'), resolve],
    ]),
  ]);
}

export function policiesSection({ digest: d }: DigestView, i18n: Translator): unknown[] {
  return section(i18n.t('digest.policiesTitle'), [
    d.topPolicies.length ? policyBars(d.topPolicies, i18n) : note(i18n.t('digest.noPolicies')),
  ]);
}

export function assigneesSection(view: DigestView, i18n: Translator): unknown[] {
  const rows = view.digest.openByAssignee;
  const name = (upn: string) => (Object.hasOwn(view.assigneeNames, upn) ? view.assigneeNames[upn]! : upn);
  return section(i18n.t('digest.assigneesTitle'), [
    rows.length
      ? facts(rows.map((a) => [plain(name(a.assignee)), i18n.number(a.open)]))
      : note(i18n.t('digest.noneAssigned')),
  ]);
}

/** Only when the alerts in scope span more than one administrative unit. */
export function unitsSection({ digest: d }: DigestView, i18n: Translator): unknown[] {
  if (!d.byUnit.length) return [];
  const row = (u: (typeof d.byUnit)[number]): [string, string] => [
    u.unit === NO_UNIT ? i18n.t('digest.noUnit') : plain(u.unit),
    i18n.t('digest.unitRow', {
      open: u.open,
      received: u.received24h,
      unassigned: u.unassigned,
      pastSla: u.slaBreaches,
    }),
  ];
  return section(i18n.t('digest.unitsTitle'), [facts(d.byUnit.map(row))]);
}

function section(title: string, items: unknown[]): unknown[] {
  return [
    {
      type: 'Container',
      separator: true,
      spacing: 'Medium',
      items: [{ type: 'TextBlock', text: title, weight: 'Bolder', wrap: true }, ...items],
    },
  ];
}

function facts(pairs: Pairs): Record<string, unknown> {
  return { type: 'FactSet', facts: pairs.map(([title, value]) => ({ title, value })) };
}

/** A small, subtle line under a section's numbers. */
export function note(text: string): Record<string, unknown> {
  return { type: 'TextBlock', text, isSubtle: true, size: 'Small', wrap: true, spacing: 'Small' };
}
