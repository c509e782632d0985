import type { Severity } from '../src/triage/alert.js';
import { STATUS_LABEL } from '../src/triage/alert-labels.js';
import type { AgeBucket } from '../src/triage/digest/digest-rules.js';
import type { DigestView } from '../src/triage/digest/digest-view.js';
import { md } from './card-text.js';

/** The sections of a full digest card, one function each; every name in them is data and escaped. */

type Pairs = [string, string][];

const SEVERITY_TITLE: Record<Severity, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Informational',
  unknown: 'Unknown',
};
const AGE_TITLE: Record<AgeBucket, string> = {
  under1d: 'Under 1 day',
  d1to3: '1–3 days',
  d3to7: '3–7 days',
  over7d: 'Over 7 days',
};

export function receivedSection({ digest: d }: DigestView): unknown[] {
  const title = `New in the last 24 hours: ${d.received.last24h} (${delta(d.received.last24h, d.received.previous24h)} vs the 24 hours before)`;
  const rows: Pairs = d.received.bySeverity.map((s) => [
    SEVERITY_TITLE[s.severity],
    `${s.last24h} (${delta(s.last24h, s.previous24h)})`,
  ]);
  return section(title, [facts(rows)]);
}

export function openSection({ digest: d, sla }: DigestView): unknown[] {
  const o = d.open;
  const breaches = o.slaBreaches;
  const rows: Pairs = [
    [STATUS_LABEL.new, String(o.byStatus.new)],
    [STATUS_LABEL.inProgress, String(o.byStatus.inProgress)],
    ...(o.byStatus.other ? ([['Other status', String(o.byStatus.other)]] as Pairs) : []),
    ...(Object.keys(AGE_TITLE) as AgeBucket[]).map((b): [string, string] => [AGE_TITLE[b], String(o.byAge[b])]),
    ['Unassigned', String(o.unassigned)],
    ['Past SLA', `${breaches.total} (high ${breaches.high}, medium ${breaches.medium}, low ${breaches.low})`],
  ];
  return section(`Open: ${o.total}`, [
    facts(rows),
    note(`SLA: high ${sla.high} h, medium ${sla.medium} h, low ${sla.low} h.`),
  ]);
}

export function resolvedSection({ digest: d }: DigestView): unknown[] {
  const r = d.resolved24h;
  const rows: Pairs = [
    ['True positive', String(r.truePositive)],
    ['False positive', String(r.falsePositive)],
    ['Informational', String(r.informational)],
    ...(r.unclassified ? ([['Unclassified', String(r.unclassified)]] as Pairs) : []),
  ];
  return section(`Resolved in the last 24 hours: ${r.total}`, [facts(rows)]);
}

export function policiesSection({ digest: d }: DigestView): unknown[] {
  const rate = (p: (typeof d.topPolicies)[number]) =>
    p.falsePositiveRate === undefined
      ? 'none classified yet'
      : `${Math.round(p.falsePositiveRate * 100)} % false positive (of ${p.classified})`;
  return section('Top policies (alerts of the last 7 days)', [
    d.topPolicies.length
      ? facts(d.topPolicies.map((p) => [plain(p.name), `${p.alerts} · ${rate(p)}`]))
      : note('No alerts in the last 7 days.'),
  ]);
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

export function speedSection({ digest: d }: DigestView): unknown[] {
  const t = d.medians;
  const assign =
    t.timeToAssign.ms === undefined
      ? 'no assignments in Teams'
      : `${duration(t.timeToAssign.ms)} (median over ${alerts(t.timeToAssign.count)} assigned in Teams)`;
  const resolve =
    t.timeToResolve.ms === undefined
      ? 'nothing resolved'
      : `${duration(t.timeToResolve.ms)} (median over ${alerts(t.timeToResolve.count)})`;
  return section('Speed (last 7 days)', [
    facts([
      ['Time to assign', assign],
      ['Time to resolve', resolve],
    ]),
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

function note(text: string): Record<string, unknown> {
  return { type: 'TextBlock', text, isSubtle: true, size: 'Small', wrap: true, spacing: 'Small' };
}

const alerts = (n: number) => `${n} alert${n === 1 ? '' : 's'}`;

/** `+2`, `−1` or `±0`. */
function delta(now: number, before: number): string {
  const diff = now - before;
  return diff > 0 ? `+${diff}` : diff < 0 ? `−${-diff}` : '±0';
}

/** `45 min`, `3 h 20 min`, `2 d 4 h`. */
export function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under 1 min';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** Names are data, not markdown: emphasis, links and a leading list or heading marker are escaped. */
export function plain(text: string): string {
  return md(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}
