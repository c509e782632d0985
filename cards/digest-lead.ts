import type { Translator } from '../src/i18n/translator.js';
import type { DigestView } from '../src/triage/digest/digest-view.js';
import { oneLine } from './card-text.js';
import { duration, plain } from './digest-format.js';
import type { DigestVerb } from './digest-verbs.js';

type Element = Record<string, unknown>;

/**
 * What needs doing, first and big: how many open alerts are past their SLA, how many high-severity ones
 * nobody owns, and how old the oldest open one is, each with the button that acts on it (a list of those
 * alerts, or the oldest alert's card sent as a new message, `alert.open`). A button shows only when there
 * is something behind it. Fields a digest queued by an older version lacks are left out, not made up.
 */
export function leadSection(view: DigestView, i18n: Translator): Element[] {
  const o = view.digest.open;
  if (o.total === 0) {
    return [{ type: 'TextBlock', text: i18n.t('digest.nothingOpen'), size: 'Large', wrap: true, spacing: 'Medium' }];
  }
  const data = view.channelId ? { channelId: view.channelId } : {};
  const list = (title: string, verb: DigestVerb) => ({ type: 'Action.Execute', title, verb, data });
  const past = o.slaBreaches.total;
  const sla = i18n.t('digest.slaHours', { ...view.sla });
  const rows = [
    leadRow(i18n.number(past), i18n.t('digest.pastSla'), sla, {
      button: past ? list(i18n.t('digest.showPastSla'), 'digest.slaBreaches') : undefined,
      alarming: past > 0,
    }),
  ];
  if (o.unassignedHigh !== undefined) {
    const n = o.unassignedHigh;
    rows.push(
      leadRow(i18n.number(n), i18n.t('digest.unassignedHigh'), i18n.t('digest.unassignedHighNote'), {
        button: n ? list(i18n.t('digest.showUnassignedHigh'), 'digest.unassignedHigh') : undefined,
        alarming: n > 0,
      }),
    );
  }
  const oldestRow = oldest(view, i18n);
  if (oldestRow) rows.push(oldestRow);
  return [{ type: 'Container', spacing: 'Medium', items: rows }];
}

/** The oldest open alert's age, what it is, and a button that sends its card as a new message. */
function oldest({ digest: d }: DigestView, i18n: Translator): Element | undefined {
  const createdAt = d.open.oldest?.createdAt ?? d.open.oldestCreatedAt;
  if (!createdAt) return undefined;
  const age = duration(Math.max(0, Date.parse(d.generatedAt) - Date.parse(createdAt)), i18n);
  const alert = d.open.oldest;
  if (!alert) return leadRow(age, i18n.t('digest.oldestOpen'), undefined, {});
  const open = {
    type: 'Action.Execute',
    title: i18n.t('digest.openOldest'),
    // alert.open (bot/features/investigation-inputs.ts) checks access again and sends the card to the clicker.
    verb: 'alert.open',
    data: { alertId: alert.alertId, version: alert.version },
  };
  const key = `labels.severity.${alert.severity}`;
  const severity = i18n.t(i18n.has(key) ? key : 'labels.severity.unknown');
  const policy = alert.policyName?.trim();
  const what = policy ? `${severity} · ${plain(oneLine(policy, 80))}` : severity;
  return leadRow(age, i18n.t('digest.oldestOpen'), what, { button: open });
}

/** One lead number: the number big (red when it is an SLA or ownership problem), its label, a note, its button. */
function leadRow(
  value: string,
  label: string,
  note: string | undefined,
  { button, alarming = false }: { button?: Element; alarming?: boolean },
): Element {
  return {
    type: 'ColumnSet',
    spacing: 'Medium',
    columns: [
      {
        type: 'Column',
        width: 'auto',
        items: [
          {
            type: 'TextBlock',
            text: value,
            size: 'ExtraLarge',
            weight: 'Bolder',
            wrap: true,
            ...(alarming ? { color: 'Attention' } : {}),
          },
        ],
      },
      {
        type: 'Column',
        width: 'stretch',
        verticalContentAlignment: 'Center',
        items: [
          { type: 'TextBlock', text: label, weight: 'Bolder', wrap: true },
          ...(note
            ? [{ type: 'TextBlock', text: note, isSubtle: true, size: 'Small', spacing: 'None', wrap: true }]
            : []),
          ...(button ? [{ type: 'ActionSet', spacing: 'Small', actions: [button] }] : []),
        ],
      },
    ],
  };
}
