import type { Severity } from '../src/triage/alert.js';
import type { DigestView } from '../src/triage/digest/digest-service.js';
import type { AgeBucket } from '../src/triage/digest/digest-rules.js';
import { localDayLabel } from '../src/triage/digest/local-time.js';
import { md } from './card-text.js';
import type { AdaptiveCard } from './adaptive-card.js';
import type { DigestVerb } from './digest-verbs.js';

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

/**
 * The daily digest as one Adaptive Card 1.5. Phone first: stacked headings and FactSets (no tables or
 * wide column sets), so it reads the same on a narrow screen. A quiet day gets a short card.
 */
export function renderDigestCard(view: DigestView): AdaptiveCard {
  const { digest: d } = view;
  const header = [
    {
      type: 'TextBlock',
      text: `DLP digest · ${localDayLabel(new Date(d.generatedAt), d.timeZone)}`,
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: `${plain(view.scopeLabel)} · as of ${d.localTime} ${d.timeZone}`,
      isSubtle: true,
      size: 'Small',
      spacing: 'None',
      wrap: true,
    },
  ];
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [...header, ...(d.quiet ? quietBody(view) : fullBody(view))],
    actions: digestActions(view),
  };
}

function quietBody({ digest: d }: DigestView): unknown[] {
  const open = d.open;
  const still =
    open.total === 0
      ? 'Nothing is open.'
      : `Still open: ${open.total} (oldest ${ageOf(d.generatedAt, open.oldestCreatedAt)}), ${open.unassigned} unassigned, ${open.slaBreaches.total} past SLA.`;
  return [
    {
      type: 'TextBlock',
      text: 'A quiet day: no new DLP alerts and none resolved in the last 24 hours.',
      wrap: true,
      spacing: 'Medium',
    },
    { type: 'TextBlock', text: still, wrap: true, spacing: 'Small' },
  ];
}

function fullBody(view: DigestView): unknown[] {
  const { digest: d, sla } = view;
  const o = d.open;
  const r = d.resolved24h;
  const t = d.medians;
  const body = [
    ...section(
      `New in the last 24 hours: ${d.received.last24h} (${delta(d.received.last24h, d.received.previous24h)} vs the 24 hours before)`,
      [
        facts(
          d.received.bySeverity.map((s) => [
            SEVERITY_TITLE[s.severity],
            `${s.last24h} (${delta(s.last24h, s.previous24h)})`,
          ]),
        ),
      ],
    ),
    ...section(`Open: ${o.total}`, [
      facts([
        ['New', String(o.byStatus.new)],
        ['Investigating', String(o.byStatus.inProgress)],
        ...(o.byStatus.other ? ([['Other status', String(o.byStatus.other)]] as [string, string][]) : []),
        ...(Object.keys(AGE_TITLE) as AgeBucket[]).map((b) => [AGE_TITLE[b], String(o.byAge[b])] as [string, string]),
        ['Unassigned', String(o.unassigned)],
        [
          'Past SLA',
          `${o.slaBreaches.total} (high ${o.slaBreaches.high}, medium ${o.slaBreaches.medium}, low ${o.slaBreaches.low})`,
        ],
      ]),
      note(`SLA: high ${sla.high} h, medium ${sla.medium} h, low ${sla.low} h.`),
    ]),
    ...section(`Resolved in the last 24 hours: ${r.total}`, [
      facts([
        ['True positive', String(r.truePositive)],
        ['False positive', String(r.falsePositive)],
        ['Informational', String(r.informational)],
        ...(r.unclassified ? ([['Unclassified', String(r.unclassified)]] as [string, string][]) : []),
      ]),
    ]),
    ...section('Top policies (alerts of the last 7 days)', [
      d.topPolicies.length
        ? facts(
            d.topPolicies.map((p) => [
              plain(p.name),
              `${p.alerts} · ${p.falsePositiveRate === undefined ? 'none classified yet' : `${Math.round(p.falsePositiveRate * 100)} % false positive (of ${p.classified})`}`,
            ]),
          )
        : note('No alerts in the last 7 days.'),
    ]),
    ...section('Open per assignee', [
      d.openByAssignee.length
        ? facts(d.openByAssignee.map((a) => [plain(view.assigneeNames[a.assignee] ?? a.assignee), String(a.open)]))
        : note('No open alert is assigned.'),
    ]),
    ...section('Speed (last 7 days)', [
      facts([
        [
          'Time to assign',
          t.timeToAssign.ms === undefined
            ? 'no assignments in Teams'
            : `${duration(t.timeToAssign.ms)} (median over ${alerts(t.timeToAssign.count)} assigned in Teams)`,
        ],
        [
          'Time to resolve',
          t.timeToResolve.ms === undefined
            ? 'nothing resolved'
            : `${duration(t.timeToResolve.ms)} (median over ${alerts(t.timeToResolve.count)})`,
        ],
      ]),
    ]),
  ];
  if (d.byUnit.length) {
    body.push(
      ...section('By administrative unit', [
        facts(
          d.byUnit.map((u) => [
            plain(u.unit),
            `${u.open} open · ${u.received24h} new · ${u.unassigned} unassigned · ${u.slaBreaches} past SLA`,
          ]),
        ),
      ]),
    );
  }
  return body;
}

function digestActions(view: DigestView): unknown[] {
  const data = view.channelId ? { channelId: view.channelId } : {};
  const execute = (title: string, verb: DigestVerb) => ({ type: 'Action.Execute', title, verb, data });
  return [
    execute('Show unassigned', 'digest.unassigned'),
    execute('Show SLA breaches', 'digest.slaBreaches'),
    { type: 'Action.OpenUrl', title: 'Open in Defender', url: view.defenderUrl },
  ];
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

function facts(pairs: [string, string][]): Record<string, unknown> {
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

function ageOf(nowIso: string, thenIso: string | undefined): string {
  return thenIso ? duration(Date.parse(nowIso) - Date.parse(thenIso)) : 'unknown';
}

/** Names are data, not markdown: emphasis, links and a leading list or heading marker are escaped. */
function plain(text: string): string {
  return md(text.length > 80 ? `${text.slice(0, 79)}…` : text);
}
