import { SEVERITY_LABEL } from '../src/triage/alert-labels.js';
import type { DigestView } from '../src/triage/digest/digest-view.js';
import { oneLine } from './card-text.js';
import { duration, plain } from './digest-format.js';
import { DIGEST_TEXT as T } from './digest-text.js';
import type { DigestVerb } from './digest-verbs.js';

type Element = Record<string, unknown>;

/**
 * What needs doing, first and big: how many open alerts are past their SLA, how many high-severity ones
 * nobody owns, and how old the oldest open one is, each with the button that acts on it (a list of those
 * alerts, or the oldest alert's card sent as a new message, `alert.open`). A button shows only when there
 * is something behind it. Fields a digest queued by an older version lacks are left out, not made up.
 */
export function leadSection(view: DigestView): Element[] {
  const o = view.digest.open;
  if (o.total === 0) return [{ type: 'TextBlock', text: T.nothingOpen, size: 'Large', wrap: true, spacing: 'Medium' }];
  const data = view.channelId ? { channelId: view.channelId } : {};
  const list = (title: string, verb: DigestVerb) => ({ type: 'Action.Execute', title, verb, data });
  const past = o.slaBreaches.total;
  const rows = [
    leadRow(past, T.pastSla, T.slaHours(view.sla), past ? list(T.showPastSla, 'digest.slaBreaches') : undefined),
  ];
  if (o.unassignedHigh !== undefined) {
    const n = o.unassignedHigh;
    rows.push(
      leadRow(
        n,
        T.unassignedHigh,
        T.unassignedHighNote,
        n ? list(T.showUnassignedHigh, 'digest.unassignedHigh') : undefined,
      ),
    );
  }
  const oldestRow = oldest(view);
  if (oldestRow) rows.push(oldestRow);
  return [{ type: 'Container', spacing: 'Medium', items: rows }];
}

/** The oldest open alert's age, what it is, and a button that sends its card as a new message. */
function oldest({ digest: d }: DigestView): Element | undefined {
  const createdAt = d.open.oldest?.createdAt ?? d.open.oldestCreatedAt;
  if (!createdAt) return undefined;
  const age = duration(Math.max(0, Date.parse(d.generatedAt) - Date.parse(createdAt)));
  const alert = d.open.oldest;
  if (!alert) return leadRow(age, T.oldestOpen, undefined, undefined);
  const open = {
    type: 'Action.Execute',
    title: T.openOldest,
    // alert.open (bot/features/investigation-inputs.ts) checks access again and sends the card to the clicker.
    verb: 'alert.open',
    data: { alertId: alert.alertId, version: alert.version },
  };
  const severity = SEVERITY_LABEL[alert.severity] ?? SEVERITY_LABEL.unknown;
  const policy = alert.policyName?.trim();
  const what = policy ? `${severity} · ${plain(oneLine(policy, 80))}` : severity;
  return leadRow(age, T.oldestOpen, what, open, false);
}

/** One lead number: the number big (red when it is an SLA or ownership problem), its label, a note, its button. */
function leadRow(
  value: number | string,
  label: string,
  note: string | undefined,
  button: Element | undefined,
  alarming = typeof value === 'number' && value > 0,
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
            text: String(value),
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
