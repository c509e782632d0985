import { z } from 'zod';
import { md } from '../../cards/card-text.js';
import type { Translator } from '../../src/i18n/translator.js';
import type { Alert } from '../../src/triage/alert.js';
import { DETERMINATIONS } from '../../src/triage/classification.js';
import { isUserKey } from '../../src/triage/ids.js';
import { withoutMentions } from '../../src/triage/teams-markup.js';
import type { AlertStore } from '../../src/triage/ports.js';
import type { UpdateResult, AlertUpdates } from '../../src/triage/alert-updates.js';
import { textAnswer, type Answer } from '../registry/answer.js';
import type { Inputs, Registry } from '../registry/registry.js';
import { threadCommand, type ThreadRequest } from '../registry/thread-command.js';
import { refusal } from '../refusal.js';
import { noArgs } from './arguments.js';
import { outcomeText } from '../outcome-text.js';

const words = z.string();
const fpReason = z
  .string()
  .refine((s) => s.length > 0, 'Say why it is a false positive, e.g. "fp test data, no real card numbers".');

type Triage = Pick<AlertUpdates, 'classify' | 'setStatus' | 'assign' | 'view' | 'comment'>;

/** "<who>: <what happened>", one line in the thread. */
const said = (r: ThreadRequest<unknown>, result: UpdateResult): Answer =>
  textAnswer(r.i18n.t('threads.said', { name: md(r.actor.name), message: md(outcomeText(result, r.i18n)) }));

/**
 * The reviewer loop's commands in an alert's thread — `tp`, `fp <why>`, `resolve`, `reopen`,
 * `assign @person`, `status`, `help` — with the same use cases and checks as the card buttons; the bot
 * answers with one line (the card itself is updated through the outbox). Other text is a comment
 * (bot/thread-router.ts).
 */
export function reviewerCommands(
  triage: Triage,
  store: Pick<AlertStore, 'get'>,
  registry: Pick<Registry, 'threadCommandList'>,
): Inputs {
  return {
    threadCommands: [...classifyCommands(triage), ...workflowCommands(triage, store, registry)],
    threadFallback: async (r) => {
      const result = await triage.comment(r.actor, { alertId: r.alertId, text: r.args });
      const name = md(r.actor.name);
      if (result.changed) return textAnswer(r.i18n.t('threads.commentAdded', { name }));
      return textAnswer(r.i18n.t('threads.said', { name, message: md(outcomeText(result, r.i18n)) }));
    },
  };
}

function classifyCommands(triage: Triage) {
  const tp = {
    name: 'tp',
    usage: 'tp [determination] [comment]',
    description: `true positive (determinations: ${DETERMINATIONS.truePositive.join(', ')})`,
    permission: 'alert.classify' as const,
    parse: words,
  };
  const fp = { name: 'fp', usage: 'fp <why>', description: 'false positive, resolved', parse: fpReason };
  return [
    threadCommand(tp, async (r) => {
      const input = { alertId: r.alertId, classification: 'truePositive' as const, ...truePositive(r.args) };
      return said(r, await triage.classify(r.actor, input));
    }),
    threadCommand({ ...fp, permission: 'alert.classify' }, async (r) => {
      const input = { alertId: r.alertId, comment: r.args, resolve: true };
      return said(
        r,
        await triage.classify(r.actor, { ...input, classification: 'falsePositive', determination: 'notMalicious' }),
      );
    }),
  ];
}

function workflowCommands(
  triage: Triage,
  store: Pick<AlertStore, 'get'>,
  registry: Pick<Registry, 'threadCommandList'>,
) {
  return [
    threadCommand(
      { name: 'resolve', usage: 'resolve [comment]', permission: 'alert.setStatus', parse: words },
      async (r) =>
        said(
          r,
          await triage.setStatus(r.actor, { alertId: r.alertId, status: 'resolved', comment: r.args || undefined }),
        ),
    ),
    threadCommand({ name: 'reopen', usage: 'reopen', permission: 'alert.setStatus', parse: noArgs }, async (r) => {
      const alert = await store.get(r.alertId);
      const status = alert?.assignedTo ? 'inProgress' : 'new';
      return said(r, await triage.setStatus(r.actor, { alertId: r.alertId, status }));
    }),
    threadCommand({ name: 'assign', usage: 'assign @person', permission: 'alert.assign', parse: words }, async (r) =>
      said(r, await triage.assign(r.actor, { alertId: r.alertId, assignee: await assignee(r) })),
    ),
    threadCommand({ name: 'status', usage: 'status', permission: 'alert.view', parse: noArgs }, (r) =>
      status(triage, registry, r),
    ),
    threadCommand({ name: 'help', aliases: ['?'], usage: 'help', parse: noArgs }, async ({ i18n }) =>
      textAnswer(i18n.t('threadCommands.heading', { commands: md(threadHelp(registry, i18n)) })),
    ),
  ];
}

/**
 * `tp [determination] [comment]`: a known determination first (any case), else `other` and all of it is the comment.
 */
function truePositive(text: string): { determination: string; comment?: string } {
  const candidate = text.split(/\s+/)[0] ?? '';
  const determination = DETERMINATIONS.truePositive.find((d) => d.toLowerCase() === candidate.toLowerCase());
  const comment = determination ? text.slice(candidate.length).trim() : text;
  return { determination: determination ?? 'other', comment: comment || undefined };
}

async function status(
  triage: Triage,
  registry: Pick<Registry, 'threadCommandList'>,
  r: ThreadRequest<unknown>,
): Promise<Answer> {
  // Reading goes through the same permission check as a card refresh.
  const { alert } = await triage.view(r.actor, r.alertId);
  const { i18n } = r;
  const assignment = alert.assignedTo
    ? i18n.t('threads.assignedTo', { name: md(alert.assignedTo) })
    : i18n.t('threads.unassigned');
  const status = i18n.t(`labels.status.${alert.status}`);
  return textAnswer(
    [
      i18n.t('threads.status', { status, assignment, classification: md(classificationText(alert, i18n)) }),
      i18n.t('threadCommands.here', { commands: md(threadHelp(registry, i18n)) }),
    ].join('\n\n'),
  );
}

/** "true positive (compromised account)" or "not classified", in the reader's language. */
function classificationText(alert: Alert, i18n: Translator): string {
  if (alert.classification === 'unknown') return i18n.t('threads.notClassified');
  const determination = `labels.determination.${alert.determination}`;
  const how = i18n.has(determination) ? i18n.t(determination) : alert.determination;
  return `${i18n.t(`labels.classification.${alert.classification}`)} (${how})`;
}

/** The thread commands, "usage: what it does" each, in the reader's language where the catalogue has them. */
function threadHelp(registry: Pick<Registry, 'threadCommandList'>, i18n: Translator): string {
  const lines = registry.threadCommandList.map((c) => {
    const key = `threadCommands.${c.name}`;
    if (!i18n.has(key)) return c.description ? `${c.usage}: ${c.description}` : c.usage;
    return i18n.t(key, { determinations: DETERMINATIONS.truePositive.join(', ') });
  });
  return [...lines, i18n.t('threadCommands.otherwise')].join('; ');
}

/** The person to assign: the first @mention that is not the bot (resolved to an Entra id), else the typed UPN. */
async function assignee(r: ThreadRequest<string>): Promise<string> {
  const mentioned = await r.mentioned();
  if (mentioned) {
    if (mentioned.id) return mentioned.id;
    throw refusal('invalid', 'errors.assignLookup', { name: mentioned.name });
  }
  const upn = withoutMentions(r.args).trim();
  if (!upn) throw refusal('invalid', 'errors.assignWho');
  // Checked here, as the card's assignee is: whatever is typed becomes a directory lookup (a Graph path).
  if (!isUserKey(upn)) throw refusal('invalid', 'errors.assignNotPerson');
  return upn;
}
