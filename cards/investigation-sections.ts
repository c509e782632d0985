import type { Translator } from '../src/i18n/translator.js';
import type { Alert, EvidenceItem } from '../src/triage/alert.js';
import type { UserHistory } from '../src/triage/investigation/investigation.js';
import { md, oneLine } from './card-text.js';
import { factRows } from './fact-rows.js';
import { section, text, type Node } from './investigation-nodes.js';
import { dateOnly } from './reader-dates.js';

/**
 * The sections of the investigation card after the activity, one function each, in the reader's
 * language; every piece of data in them is escaped.
 */

export { activitySection } from './investigation-activity.js';
export { section, text } from './investigation-nodes.js';

const MAX_RELATED = 5;

/** Which related alerts a section lists. */
export type RelatedKind = 'incident' | 'user' | 'file';

/** 2. Related alerts, each with an Open button that sends its card to the person (the investigation stays). */
export function relatedSection(kind: RelatedKind, alerts: readonly Alert[], i18n: Translator): Node[] {
  if (alerts.length === 0) return [];
  const open = i18n.t('investigation.related.open');
  const rows = alerts.slice(0, MAX_RELATED).map((a) => ({
    type: 'ColumnSet',
    spacing: 'Small',
    columns: [
      { type: 'Column', width: 'stretch', items: [text(relatedLine(a, i18n), { size: 'Small' })] },
      {
        type: 'Column',
        width: 'auto',
        items: [
          {
            type: 'ActionSet',
            actions: [{ type: 'Action.Execute', title: open, verb: 'alert.open', data: { alertId: a.id } }],
          },
        ],
      },
    ],
  }));
  const hidden = alerts.length - MAX_RELATED;
  const more =
    hidden > 0
      ? [text(i18n.t('investigation.related.more', { count: hidden }), { isSubtle: true, size: 'Small' })]
      : [];
  return [section(i18n.t(`investigation.related.${kind}`, { count: alerts.length }), [...rows, ...more])];
}

/** "**Medium** · Suspicious file copy to USB · New · Not classified · microsoftDefenderForEndpoint". */
function relatedLine(a: Alert, i18n: Translator): string {
  const label = (group: 'severity' | 'status' | 'classification', value: string) => {
    const key = `labels.${group}.${value}`;
    return i18n.t(i18n.has(key) ? key : `labels.${group}.unknown`);
  };
  const source = a.source && a.source !== 'dataLossPrevention' ? [md(a.source)] : [];
  return [
    `**${md(label('severity', a.severity))}**`,
    md(oneLine(a.title, 120)),
    md(label('status', a.status)),
    md(label('classification', a.classification)),
    ...source,
  ].join(' · ');
}

/** 3. "Is this a repeat?" in one line. */
export function historySection(history: UserHistory | undefined, i18n: Translator): Node[] {
  if (!history) return [];
  const counts = i18n.t('investigation.history.counts', {
    last30: history.last30Days,
    last90: history.last90Days,
    truePositive: history.truePositive,
    falsePositive: history.falsePositive,
    informational: history.informational,
  });
  const line = latest(history, i18n).reduce(
    (first, second) => i18n.t('investigation.twoSentences', { first, second }),
    counts,
  );
  return [section(i18n.t('investigation.history.title'), [text(md(line))])];
}

function latest({ latest: l }: UserHistory, i18n: Translator): string[] {
  if (!l) return [];
  const known = `labels.classification.${l.classification}`;
  const classification = i18n.t(i18n.has(known) ? known : 'labels.classification.unknown');
  const date = dateOnly(i18n, l.at);
  const determination = `labels.determination.${l.determination}`;
  return i18n.has(determination)
    ? [
        i18n.t('investigation.history.latestWithDetermination', {
          classification,
          determination: i18n.t(determination),
          date,
        }),
      ]
    : [i18n.t('investigation.history.latest', { classification, date })];
}

/** 4. Every entity of the alert with its role and verdict (Graph's values in words, an unknown one as sent). */
export function evidenceSection(evidence: readonly EvidenceItem[], i18n: Translator): Node[] {
  if (evidence.length === 0) return [];
  const word = (group: string, value: string) => {
    const key = `investigation.evidence.${group}.${value}`;
    return i18n.has(key) ? i18n.t(key) : value;
  };
  const facts = evidence.slice(0, 15).map((e) => ({
    title: md(word('kind', e.kind)),
    value: [
      md(oneLine(e.name, 120)),
      e.roles.length ? md(i18n.list(e.roles.map((r) => word('role', r)))) : '',
      e.verdict ? md(word('verdict', e.verdict)) : '',
    ]
      .filter(Boolean)
      .join(' · '),
  }));
  return [section(i18n.t('investigation.evidence.title'), factRows(facts))];
}

/** 5. The exact query, to copy or to open in advanced hunting. */
export function querySection(kql: string, i18n: Translator): Node[] {
  if (!kql) return [];
  return [section(i18n.t('investigation.query.title'), [text(md(kql), { fontType: 'Monospace', size: 'Small' })])];
}
