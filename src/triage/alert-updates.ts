import type { AccessService, Requester } from './access/access-service.js';
import type { Alert, Classification, Status } from './alert.js';
import { statusInSentence } from './alert-labels.js';
import { unchanged, AlertWriter, type UpdateResult, type Versioned } from './alert-writer.js';
import { Assignment, type AssignInput } from './assignment.js';
import { CLASSIFICATION_WORDS, DETERMINATIONS, DETERMINATION_WORDS, isValidPair } from './classification.js';
import { PerAlertQueue } from './per-alert-queue.js';
import type { AlertNotifier, AlertPatch, AlertStore, AuditSink, Clock, Directory } from './ports.js';
import { TriageError } from './triage-error.js';

export type { UpdateResult } from './alert-writer.js';

type ClassifyInput = Versioned & {
  classification: Classification;
  determination: string;
  comment?: string;
  resolve?: boolean;
};
type StatusInput = Versioned & { status: Exclude<Status, 'unknown'>; comment?: string };

export const MAX_COMMENT_LENGTH = 30_000;
const DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * The changes people make to an alert from the card buttons and thread commands: assign, comment,
 * classify, set status. Each loads the alert, checks the requester's permission on it, refuses a click
 * made on an older version of the card, applies the rule, writes through the AlertStore, adds a comment
 * saying who did what via Teams, audits, and asks the notifier to update the card for everyone. Changes
 * to one alert run one after another; repeating a change that is already in place is a no-op.
 */
export class AlertUpdates {
  private readonly recentComments = new Map<string, number>();
  private readonly queue = new PerAlertQueue();
  private readonly writer: AlertWriter;
  private readonly assignment: Assignment;

  constructor(
    store: AlertStore,
    directory: Directory,
    access: AccessService,
    audit: AuditSink,
    notifier: AlertNotifier,
    private readonly clock: Clock,
  ) {
    this.writer = new AlertWriter(store, access, audit, notifier);
    this.assignment = new Assignment(this.writer, directory, access, notifier);
  }

  /** The alert, if the requester may see it (as a card refresh would). */
  async view(requester: Requester, alertId: string): Promise<{ alert: Alert }> {
    return { alert: await this.writer.load(requester, 'alert.view', alertId) };
  }

  /** Assigns the alert to a person (Entra object id or UPN) who may work on it; notifies them. */
  assign(requester: Requester, input: AssignInput): Promise<UpdateResult> {
    return this.queue.run(input.alertId, () => this.assignment.assign(requester, input));
  }

  /** Adds a comment (1 to 30,000 characters) attributed to the requester. */
  comment(requester: Requester, input: { alertId: string; text: string }): Promise<UpdateResult> {
    return this.queue.run(input.alertId, () => this.commentNow(requester, input));
  }

  /** Classifies (with a determination valid for the classification); false positives need a comment. */
  classify(requester: Requester, input: ClassifyInput): Promise<UpdateResult> {
    return this.queue.run(input.alertId, () => this.classifyNow(requester, input));
  }

  /** Changes the status; resolving needs a classification or a comment; reopening is allowed and audited. */
  setStatus(requester: Requester, input: StatusInput): Promise<UpdateResult> {
    return this.queue.run(input.alertId, () => this.setStatusNow(requester, input));
  }

  private async commentNow(requester: Requester, input: { alertId: string; text: string }): Promise<UpdateResult> {
    const text = input.text.trim();
    if (!text) throw commentLengthError();
    checkCommentLength(text);
    const alert = await this.writer.load(requester, 'alert.comment', input.alertId);
    // A double click or a retried request must not add the same comment twice.
    const key = `${requester.id}\u0000${alert.id}\u0000${text}`;
    const now = this.clock.now().getTime();
    for (const [k, at] of this.recentComments) if (now - at > DUPLICATE_WINDOW_MS) this.recentComments.delete(k);
    if (this.recentComments.has(key))
      return unchanged(alert, 'That comment is already on the alert.', { key: 'alertCard.done.commentRepeated' });
    this.recentComments.set(key, now);
    const updated = await this.writer.comment(requester, alert, text, 'alert.comment', { length: text.length });
    return { alert: updated, changed: true, message: 'Comment added.', said: { key: 'alertCard.done.commentAdded' } };
  }

  private async classifyNow(requester: Requester, input: ClassifyInput): Promise<UpdateResult> {
    const { classification, determination } = input;
    if (!isValidPair(classification, determination)) {
      const allowed = classification === 'unknown' ? [] : DETERMINATIONS[classification];
      throw new TriageError(
        'invalid',
        `"${determination}" is not a determination for ${CLASSIFICATION_WORDS[classification]}. Choose one of: ${allowed.map((d) => DETERMINATION_WORDS[d] ?? d).join(', ') || 'none'}.`,
      );
    }
    const comment = input.comment?.trim();
    if (classification === 'falsePositive' && !comment)
      throw new TriageError('invalid', 'Say why this is a false positive: a comment is required.');
    if (comment) checkCommentLength(comment);
    const alert = await this.writer.load(requester, 'alert.classify', input.alertId);
    const status = input.resolve ? 'resolved' : alert.status;
    const words = `${CLASSIFICATION_WORDS[classification]} (${DETERMINATION_WORDS[determination] ?? determination})`;
    const same = alert.classification === classification && alert.determination === determination;
    const data = { classification, determination };
    if (same && alert.status === status && !comment)
      return unchanged(alert, `Already classified as ${words}.`, { key: 'alertCard.done.alreadyClassified', data });
    this.writer.checkVersion(alert, input.version);
    const patch: AlertPatch = {
      classification,
      determination,
      ...(input.resolve ? { status: 'resolved' as const } : {}),
    };
    const what = `classified the alert as ${words}${input.resolve ? ' and resolved it' : ''}${comment ? `: ${comment}` : ''}`;
    const updated = await this.writer.apply(requester, alert, patch, what, 'alert.classify', {
      classification,
      determination,
      resolved: !!input.resolve,
    });
    const said = { key: 'alertCard.done.classified', data: { ...data, resolved: input.resolve ? 'yes' : 'no' } };
    return {
      alert: updated,
      changed: true,
      message: `Classified as ${words}${input.resolve ? ' and resolved' : ''}.`,
      said,
    };
  }

  private async setStatusNow(requester: Requester, input: StatusInput): Promise<UpdateResult> {
    const comment = input.comment?.trim();
    if (comment) checkCommentLength(comment);
    const alert = await this.writer.load(requester, 'alert.setStatus', input.alertId);
    if (alert.status === input.status && !comment)
      return unchanged(alert, `The alert is already ${statusInSentence(input.status)}.`, {
        key: 'alertCard.done.alreadyStatus',
        data: { status: input.status },
      });
    this.writer.checkVersion(alert, input.version);
    if (input.status === 'resolved' && alert.classification === 'unknown' && !comment) {
      throw new TriageError('invalid', 'To resolve an alert, classify it first or say why in a comment.');
    }
    const reopening = alert.status === 'resolved' && input.status !== 'resolved';
    const words = statusInSentence(input.status);
    const what = `${reopening ? 'reopened the alert as' : 'set the status to'} ${words}${comment ? `: ${comment}` : ''}`;
    const action = reopening ? 'alert.reopen' : 'alert.setStatus';
    const updated = await this.writer.apply(requester, alert, { status: input.status }, what, action, {
      from: alert.status,
      to: input.status,
    });
    const message = reopening ? `Reopened as ${words}.` : `Status set to ${words}.`;
    const said = {
      key: reopening ? 'alertCard.done.reopened' : 'alertCard.done.statusSet',
      data: { status: input.status },
    };
    return { alert: updated, changed: true, message, said };
  }
}

function commentLengthError(): TriageError {
  return new TriageError('invalid', `A comment needs 1 to ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters.`);
}

function checkCommentLength(comment: string): void {
  if (comment.length > MAX_COMMENT_LENGTH) throw commentLengthError();
}
