import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../src/logger.js';
import { STATUS_LABEL } from '../src/triage/alert-labels.js';
import { CLASSIFICATION_WORDS, DETERMINATION_WORDS } from '../src/triage/classification.js';
import { isUserKey } from '../src/triage/ids.js';
import type { AlertStore } from '../src/triage/ports.js';
import type { UpdateResult, AlertUpdates } from '../src/triage/alert-updates.js';
import { TriageError } from '../src/triage/triage-error.js';
import type { Actor } from './actor.js';
import { md } from '../cards/card-text.js';
import { errorMessage } from './error-presenter.js';
import { THREAD_HELP, parseThreadCommand } from './thread-commands.js';

/**
 * The reviewer loop: a message in an alert's thread acts on that alert with the same checks as the card
 * buttons: short commands run the use cases, other text becomes a comment attributed to its author. The
 * bot acknowledges briefly in the thread; the card itself is updated through the outbox.
 */
export class ThreadReviewer {
  constructor(
    private readonly triage: AlertUpdates,
    private readonly store: AlertStore,
    private readonly log: Logger,
  ) {}

  async handle(context: TurnContext, actor: Actor, alertId: string, text: string): Promise<void> {
    try {
      const reply = await this.run(context, actor, alertId, text);
      await context.sendActivity(reply);
    } catch (e) {
      await context.sendActivity(errorMessage(e, this.log, { activityId: context.activity.id, alertId }));
    }
  }

  private async run(context: TurnContext, actor: Actor, alertId: string, text: string): Promise<string> {
    const command = parseThreadCommand(text);
    const said = (r: UpdateResult) => `${md(actor.name)}: ${md(r.message)}`;
    switch (command.name) {
      case 'tp':
        return said(
          await this.triage.classify(actor, {
            alertId,
            classification: 'truePositive',
            determination: command.determination,
            comment: command.comment,
          }),
        );
      case 'fp':
        return said(
          await this.triage.classify(actor, {
            alertId,
            classification: 'falsePositive',
            determination: 'notMalicious',
            comment: command.comment,
            resolve: true,
          }),
        );
      case 'fpWithoutReason':
        throw new TriageError('invalid', 'Say why it is a false positive, e.g. "fp test data, no real card numbers".');
      case 'resolve':
        return said(await this.triage.setStatus(actor, { alertId, status: 'resolved', comment: command.comment }));
      case 'reopen': {
        const alert = await this.store.get(alertId);
        return said(await this.triage.setStatus(actor, { alertId, status: alert?.assignedTo ? 'inProgress' : 'new' }));
      }
      case 'assign':
        return said(await this.triage.assign(actor, { alertId, assignee: await this.assignee(context, command.who) }));
      case 'status':
        return this.status(actor, alertId);
      case 'comment': {
        const result = await this.triage.comment(actor, { alertId, text: command.text });
        return result.changed ? `${md(actor.name)}: comment added to the alert.` : said(result);
      }
      case 'help':
        return `Commands in an alert thread: ${md(THREAD_HELP.join('; '))}.`;
    }
  }

  private async status(actor: Actor, alertId: string): Promise<string> {
    // Reading goes through the same permission check as a card refresh.
    const { alert } = await this.triage.view(actor, alertId);
    const classification =
      alert.classification === 'unknown'
        ? 'not classified'
        : `${CLASSIFICATION_WORDS[alert.classification]} (${DETERMINATION_WORDS[alert.determination] ?? alert.determination})`;
    return [
      `**${STATUS_LABEL[alert.status]}** · ${alert.assignedTo ? `assigned to ${md(alert.assignedTo)}` : 'unassigned'} · ${md(classification)}`,
      `Commands here: ${md(THREAD_HELP.join('; '))}.`,
    ].join('\n\n');
  }

  /** The person to assign: the first @mention that is not the bot (resolved to an Entra id), else the typed UPN. */
  private async assignee(context: TurnContext, typed: string | undefined): Promise<string> {
    const botId = context.activity.recipient?.id;
    const mention = (context.activity.entities ?? []).find(
      (e) => e.type === 'mention' && e.mentioned?.id && e.mentioned.id !== botId,
    );
    if (mention) {
      const member = await TeamsInfo.getMember(context, mention.mentioned.id).catch(() => undefined);
      if (member?.aadObjectId) return member.aadObjectId;
      throw new TriageError(
        'invalid',
        `I could not look up ${mention.mentioned.name ?? 'that person'} in this team. Try "assign name@contoso.com".`,
      );
    }
    const upn = typed?.replace(/<at>.*?<\/at>/g, '').trim();
    if (!upn)
      throw new TriageError('invalid', 'Who should I assign? Write "assign @person" or "assign name@contoso.com".');
    // Checked here, as the card's assignee is: whatever is typed becomes a directory lookup (a Graph path).
    if (!isUserKey(upn))
      throw new TriageError(
        'invalid',
        'That is not a person I can assign: write "assign @person" or "assign name@contoso.com".',
      );
    return upn;
  }
}
