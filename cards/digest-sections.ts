import type { DigestView } from '../src/triage/digest/digest-view.js';
import { policyBars, severityDonut, trendLine } from './digest-charts.js';
import { alerts, delta, duration, plain } from './digest-format.js';
import { DIGEST_TEXT as T } from './digest-text.js';

export { duration, plain } from './digest-format.js';

/**
 * The sections after the lead numbers, one function each, grouped the way a manager reads them: what is
 * open (by status, by severity), the last 24 hours, the last 7 days (trend and speed), the policies that
 * fire most and how often they are wrong, who holds the open alerts, and the units when there are
 * several. Every name in them is data and escaped.
 */

type Pairs = [string, string][];

export function openSection({ digest: d }: DigestView): unknown[] {
  const o = d.open;
  const rows: Pairs = [
    [T.statusNew, String(o.byStatus.new)],
    [T.statusInProgress, String(o.byStatus.inProgress)],
    ...(o.byStatus.other ? ([[T.statusOther, String(o.byStatus.other)]] as Pairs) : []),
    [T.unassigned, String(o.unassigned)],
  ];
  const donut = severityDonut(o.bySeverity);
  return section(T.openTitle(o.total), [facts(rows), ...(donut ? [donut] : [])]);
}

/** New and resolved in the last 24 hours: two lines, the resolved ones split by classification. */
export function last24hSection({ digest: d }: DigestView): unknown[] {
  const received = T.newLast24h(d.received.last24h, delta(d.received.last24h, d.received.previous24h));
  const r = d.resolved24h;
  const resolved = `${T.resolvedLast24h(r.total)}${r.total ? ` (${T.resolvedSplit(r)})` : ''}`;
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
export function weekSection({ digest: d }: DigestView): unknown[] {
  const t = d.medians;
  const assign =
    t.timeToAssign.ms === undefined
      ? 'no assignments in Teams'
      : `${duration(t.timeToAssign.ms)} (median over ${alerts(t.timeToAssign.count)} assigned in Teams)`;
  const resolve =
    t.timeToResolve.ms === undefined
      ? 'nothing resolved'
      : `${duration(t.timeToResolve.ms)} (median over ${alerts(t.timeToResolve.count)})`;
  const line = trendLine(d);
  return section(T.weekTitle, [
    ...(line ? [line, note(T.trendNote(d.localTime, d.timeZone))] : []),
    facts([
      ['Time to assign', assign],
      ['Time to resolve', resolve],
    ]),
  ]);
}

export function policiesSection({ digest: d }: DigestView): unknown[] {
  return section(T.policiesTitle, [d.topPolicies.length ? policyBars(d.topPolicies) : note(T.noPolicies)]);
}

export function assigneesSection(view: DigestView): unknown[] {
  const rows = view.digest.openByAssignee;
  const name = (upn: string) => (Object.hasOwn(view.assigneeNames, upn) ? view.assigneeNames[upn]! : upn);
  return section('Open per assignee', [
    rows.length
      ? facts(rows.map((a) => [plain(name(a.assignee)), String(a.open)]))
      : note('No open alert is assigned.'),
  ]);
}

/** Only when the alerts in scope span more than one administrative unit. */
export function unitsSection({ digest: d }: DigestView): unknown[] {
  if (!d.byUnit.length) return [];
  const row = (u: (typeof d.byUnit)[number]): [string, string] => [
    plain(u.unit),
    `${u.open} open · ${u.received24h} new · ${u.unassigned} unassigned · ${u.slaBreaches} past SLA`,
  ];
  return section('By administrative unit', [facts(d.byUnit.map(row))]);
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
