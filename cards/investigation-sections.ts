import type { Alert, EvidenceItem } from '../src/triage/alert.js';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, SEVERITY_LABEL, STATUS_LABEL } from '../src/triage/alert-labels.js';
import { eventAction } from '../src/triage/investigation/dlp-events.js';
import type { ActivitySection, UserHistory } from '../src/triage/investigation/investigation.js';
import { md, oneLine, plural } from './card-text.js';
import { factRows } from './fact-rows.js';

/** The sections of the investigation card, one function each; every piece of data in them is escaped. */

type Node = Record<string, unknown>;
const MAX_RELATED = 5;

export function text(value: string, extra: Node = {}): Node {
  return { type: 'TextBlock', text: value, wrap: true, ...extra };
}

export function section(title: string, items: Node[]): Node {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [text(title, { weight: 'Bolder' }), ...items],
  };
}

const time = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** 1. Activity around the alert: counts, places, and the events that matter most. */
export function activitySection(activity: ActivitySection, window: { from: string; to: string }): Node {
  const title = `Activity around the alert (${time(window.from)} – ${time(window.to)})`;
  if (activity.kind === 'noUser')
    return section(title, [text('This alert names no user, so there is no activity to show.')]);
  if (activity.kind === 'notRecorded') {
    const why =
      'This tenant does not record user activity for hunting (CloudAppEvents is empty: connect Microsoft 365 to Defender for Cloud Apps).';
    return section(title, [text(why, { isSubtle: true })]);
  }
  if (activity.kind === 'unavailable') {
    const why = { timeout: 'took too long', throttled: 'was throttled', failed: 'failed' }[activity.reason];
    const wait = activity.retryAfterSeconds ? ` in ${activity.retryAfterSeconds} s` : ' in a moment';
    return section(title, [
      text(`The activity query ${why}. Try again${wait}: the rest of this card is complete.`, { color: 'Accent' }),
    ]);
  }
  const s = activity.summary;
  if (s.total === 0) return section(title, [text('No activity of this user in this window.')]);
  const counts = (rows: { name: string; count: number }[]) =>
    rows
      .slice(0, 5)
      .map((r) => `${md(r.name)} ×${r.count}`)
      .join(', ');
  const facts = [
    { title: 'Events', value: String(s.total) },
    { title: 'Actions', value: counts(s.byAction) },
    { title: 'Apps', value: counts(s.byApplication) || '—' },
    { title: 'Countries', value: md(s.countries.join(', ')) || '—' },
    {
      title: 'IP addresses',
      value: md(s.ipAddresses.slice(0, 6).join(', ')) + (s.ipAddresses.length > 6 ? ', …' : '') || '—',
    },
  ];
  const rows = s.highlights.map((e) => {
    const what = [
      md(eventAction(e)),
      e.objectName ? md(oneLine(e.objectName, 80)) : '',
      e.application ? md(e.application) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    return text(`${time(e.at)} · ${what}${e.uncommonForUser ? ' · **uncommon for this user**' : ''}`, {
      size: 'Small',
      spacing: 'Small',
    });
  });
  const shown =
    s.highlights.length < s.total ? `The ${s.highlights.length} that matter most of ${s.total}:` : 'The events:';
  return section(title, [...factRows(facts), text(shown, { isSubtle: true, spacing: 'Small' }), ...rows]);
}

/** 2. Related alerts, each with an Open button that sends its card to the person (the investigation stays). */
export function relatedSection(title: string, alerts: readonly Alert[]): Node[] {
  if (alerts.length === 0) return [];
  const rows = alerts.slice(0, MAX_RELATED).map((a) => ({
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      { type: 'Column', width: 'stretch', items: [text(relatedLine(a), { size: 'Small' })] },
      {
        type: 'Column',
        width: 'auto',
        items: [
          {
            type: 'ActionSet',
            actions: [{ type: 'Action.Execute', title: 'Open', verb: 'alert.open', data: { alertId: a.id } }],
          },
        ],
      },
    ],
  }));
  const more =
    alerts.length > MAX_RELATED
      ? [text(`and ${alerts.length - MAX_RELATED} more`, { isSubtle: true, size: 'Small' })]
      : [];
  return [section(`${title} (${alerts.length})`, [...rows, ...more])];
}

function relatedLine(a: Alert): string {
  const classified = a.classification === 'unknown' ? 'not classified' : CLASSIFICATION_LABEL[a.classification];
  const source = a.source && a.source !== 'dataLossPrevention' ? ` · ${md(a.source)}` : '';
  return `**${SEVERITY_LABEL[a.severity] ?? 'Unknown'}** · ${md(oneLine(a.title, 120))} · ${STATUS_LABEL[a.status] ?? 'Unknown'} · ${classified}${source}`;
}

/** 3. "Is this a repeat?" in one line. */
export function historySection(history: UserHistory | undefined): Node[] {
  if (!history) return [];
  const latest = history.latest
    ? ` Latest outcome: ${CLASSIFICATION_LABEL[history.latest.classification]}${determination(history.latest.determination)} (${time(history.latest.at).slice(0, 10)}).`
    : '';
  const line =
    `${plural(history.last30Days, 'other DLP alert')} in 30 days, ${history.last90Days} in 90` +
    ` (${history.truePositive} true positive, ${history.falsePositive} false positive, ${history.informational} informational).${latest}`;
  return [section("The user's history", [text(line)])];
}

function determination(value: string): string {
  return Object.hasOwn(DETERMINATION_LABEL, value) ? `, ${DETERMINATION_LABEL[value]}` : '';
}

const KIND_LABEL: Record<EvidenceItem['kind'], string> = {
  user: 'User',
  file: 'File',
  mailbox: 'Mailbox',
  message: 'Message',
  teamsMessage: 'Teams message',
  device: 'Device',
  url: 'URL',
  ip: 'IP address',
  cloudApp: 'Cloud app',
  other: 'Other',
};

/** 4. Every entity of the alert with its role and verdict. */
export function evidenceSection(evidence: readonly EvidenceItem[]): Node[] {
  if (evidence.length === 0) return [];
  const facts = evidence.slice(0, 15).map((e) => ({
    title: KIND_LABEL[e.kind] ?? 'Other',
    value: [md(oneLine(e.name, 120)), e.roles.length ? md(e.roles.join(', ')) : '', e.verdict ? md(e.verdict) : '']
      .filter(Boolean)
      .join(' · '),
  }));
  return [section('Evidence', factRows(facts))];
}

/** 5. The exact query, to copy or to open in advanced hunting. */
export function querySection(kql: string): Node[] {
  if (!kql) return [];
  return [section('The query', [text(md(kql), { fontType: 'Monospace', size: 'Small' })])];
}
