import type { Translator } from '../src/i18n/translator.js';
import type { ActivityEvent } from '../src/triage/investigation/activity.js';
import type { ActionCount, ActivitySection, ActivitySummary } from '../src/triage/investigation/investigation.js';
import { md, oneLine } from './card-text.js';
import { factRows } from './fact-rows.js';
import { section, text, type Node } from './investigation-nodes.js';
import { eventTime, timeRange } from './reader-dates.js';

/** 1. Activity around the alert, in the reader's language and zone: counts, places, and the events that matter most. */
export function activitySection(
  activity: ActivitySection,
  window: { from: string; to: string },
  i18n: Translator,
): Node {
  const title = i18n.t('investigation.activity.title', { window: timeRange(i18n, window.from, window.to) });
  switch (activity.kind) {
    case 'noUser':
      return section(title, [text(i18n.t('investigation.activity.noUser'))]);
    case 'notRecorded':
      return section(title, [text(i18n.t('investigation.activity.notRecorded'), { isSubtle: true })]);
    case 'unavailable': {
      const { reason, retryAfterSeconds } = activity;
      const why = i18n.t('investigation.activity.unavailable', { reason, seconds: retryAfterSeconds ?? 0 });
      return section(title, [text(why, { color: 'Accent' })]);
    }
    case 'events':
      return activity.summary.total === 0
        ? section(title, [text(i18n.t('investigation.activity.none'))])
        : section(title, summaryItems(activity.summary, i18n));
  }
}

function summaryItems(s: ActivitySummary, i18n: Translator): Node[] {
  const counts = (rows: { name: string; count: number }[], name = (r: { name: string }) => r.name) =>
    rows
      .slice(0, 5)
      .map((r) => `${md(name(r))} ×${i18n.number(r.count)}`)
      .join(', ');
  const ips = md(s.ipAddresses.slice(0, 6).join(', ')) + (s.ipAddresses.length > 6 ? ', …' : '');
  const facts = [
    { title: i18n.t('investigation.activity.events'), value: i18n.number(s.total) },
    { title: i18n.t('investigation.activity.actions'), value: counts(s.byAction, (a) => actionName(a, i18n)) },
    { title: i18n.t('investigation.activity.apps'), value: counts(s.byApplication) || '—' },
    { title: i18n.t('investigation.activity.countries'), value: md(s.countries.join(', ')) || '—' },
    { title: i18n.t('investigation.activity.ipAddresses'), value: ips || '—' },
  ];
  const shown =
    s.highlights.length < s.total
      ? i18n.t('investigation.activity.mostImportant', { shown: s.highlights.length, total: s.total })
      : i18n.t('investigation.activity.all');
  const rows = s.highlights.map((e) => text(eventLine(e, i18n), { size: 'Small', spacing: 'Small' }));
  return [...factRows(facts), text(shown, { isSubtle: true, spacing: 'Small' }), ...rows];
}

/** "10:01 · DLP match (blocked) · FileUploaded · q3.xlsx · OneDrive · **uncommon for this user**". */
function eventLine(e: ActivityEvent, i18n: Translator): string {
  const what = [
    md(actionName({ name: e.actionType, dlpEnforcement: e.dlpEnforcement }, i18n)),
    e.objectName ? md(oneLine(e.objectName, 80)) : '',
    e.application ? md(e.application) : '',
  ].filter(Boolean);
  const uncommon = e.uncommonForUser ? [`**${md(i18n.t('investigation.activity.uncommon'))}**`] : [];
  return [eventTime(i18n, e.at), ...what, ...uncommon].join(' · ');
}

/** The action as the table records it; a DLP event's with what the policy did first. */
function actionName(a: Pick<ActionCount, 'name' | 'dlpEnforcement'>, i18n: Translator): string {
  if (!a.dlpEnforcement) return a.name;
  const key = `investigation.dlpMatch.${a.dlpEnforcement}`;
  const match = i18n.has(key) ? i18n.t(key) : i18n.t('investigation.dlpMatch.unknown');
  return `${match} · ${a.name}`;
}
