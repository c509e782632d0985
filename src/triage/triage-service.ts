import type { AccessService, Requester } from './access/access-service.js';
import type { Permission } from './access/permissions.js';
import type { Alert, Classification, Status } from './alert.js';
import { CLASSIFICATION_WORDS, DETERMINATIONS, DETERMINATION_WORDS, isValidPair } from './classification.js';
import type { AlertNotifier, AlertPatch, AlertStore, AuditSink, Clock, Directory } from './ports.js';
import { TriageError } from './triage-error.js';
import { unknownAssigneeMessage } from './unknown-assignee.js';

/** What a use case did: the alert as it is now, whether anything changed, and a line for the user. */
export interface TriageResult {
  alert: Alert;
  changed: boolean;
  message: string;
}

/** The card version a click was made on; omitted by text commands, which act on the current state. */
interface Versioned {
  alertId: string;
  version?: string;
}

type ClassifyInput = Versioned & {
  classification: Classification;
  determination: string;
  comment?: string;
  resolve?: boolean;
};
type StatusInput = Versioned & { status: Exclude<Status, 'unknown'>; comment?: string };

export const MAX_COMMENT_LENGTH = 30_000;
const STATUS_WORDS: Record<Status, string> = {
  new: 'new (Active)',
  inProgress: 'in progress (Investigating)',
  resolved: 'resolved',
  unknown: 'unknown',
};
const DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * The triage use cases behind the card buttons and thread commands. Each loads the alert, checks the
 * requester's permission on it, refuses a click made on an older version of the card, applies the rule,
 * writes through the AlertStore, adds a comment saying who did what via Teams, audits, and asks the
 * notifier to update the card for everyone. Repeating a change that is already in place is a no-op.
 */
export class TriageService {
  private readonly recentComments = new Map<string, number>();
  /** Changes to one alert run one after another, so a version check and its write cannot interleave. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(
    private readonly store: AlertStore,
    private readonly directory: Directory,
    private readonly access: AccessService,
    private readonly audit: AuditSink,
    private readonly notifier: AlertNotifier,
    private readonly clock: Clock,
  ) {}

  /** The alert, if the requester may see it (as a card refresh would). */
  async view(requester: Requester, alertId: string): Promise<{ alert: Alert }> {
    return { alert: await this.load(requester, 'alert.view', alertId) };
  }

  /** Assigns the alert to a person (Entra object id or UPN) who may work on it; notifies them. */
  assign(requester: Requester, input: Versioned & { assignee: string }): Promise<TriageResult> {
    return this.serially(input.alertId, () => this.assignNow(requester, input));
  }

  private async assignNow(requester: Requester, input: Versioned & { assignee: string }): Promise<TriageResult> {
    const alert = await this.load(requester, 'alert.assign', input.alertId);
    const assignee = await this.directory.getUser(input.assignee.trim());
    if (!assignee) throw new TriageError('invalid', unknownAssigneeMessage(input.assignee));
    if (sameUser(alert.assignedTo, assignee.userPrincipalName))
      return unchanged(alert, `Already assigned to ${assignee.displayName}.`);
    this.checkVersion(alert, input.version);
    if (!(await this.access.can(assignee.id, 'alert.classify', alert))) {
      throw new TriageError(
        'invalid',
        `${assignee.displayName} cannot work on this alert (they need the analyst or responder role for it). Pick someone else.`,
      );
    }
    const previous = alert.assignedTo ? await this.directory.getUser(alert.assignedTo) : undefined;
    const updated = await this.apply(
      requester,
      alert,
      { assignedTo: assignee.userPrincipalName },
      `assigned the alert to ${assignee.displayName}`,
      'alert.assign',
      {
        assignee: assignee.id,
        previous: previous?.id,
      },
    );
    const title = `“${short(alert.title, 120)}”`;
    const self = assignee.id.toLowerCase() === requester.id.toLowerCase();
    const previousNote = previous ? ` (It was assigned to <at>${previous.displayName}</at>.)` : '';
    const previousMention = previous ? [{ id: previous.id, name: previous.displayName }] : [];
    await this.notifier.postInThread(
      alert.id,
      self
        ? { text: `${assignee.displayName} took this alert.${previousNote}`, mentions: previousMention }
        : {
            text: `<at>${assignee.displayName}</at>, ${requester.name ?? 'someone'} assigned this alert to you.${previousNote}`,
            mentions: [{ id: assignee.id, name: assignee.displayName }, ...previousMention],
          },
    );
    if (!self) {
      await this.notifier.sendToUser(assignee.id, {
        text: `${requester.name ?? 'Someone'} assigned you the DLP alert ${title}. Open its thread in the triage channel to work on it.`,
      });
    }
    if (previous && previous.id !== assignee.id) {
      await this.notifier.sendToUser(previous.id, {
        text: `${requester.name ?? 'Someone'} reassigned the DLP alert ${title} to ${assignee.displayName}.`,
      });
    }
    return { alert: updated, changed: true, message: `Assigned to ${assignee.displayName}.` };
  }

  /** Adds a comment (1 to 30,000 characters) attributed to the requester. */
  comment(requester: Requester, input: { alertId: string; text: string }): Promise<TriageResult> {
    return this.serially(input.alertId, () => this.commentNow(requester, input));
  }

  private async commentNow(requester: Requester, input: { alertId: string; text: string }): Promise<TriageResult> {
    const text = input.text.trim();
    if (!text || text.length > MAX_COMMENT_LENGTH)
      throw new TriageError(
        'invalid',
        `A comment needs 1 to ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters.`,
      );
    const alert = await this.load(requester, 'alert.comment', input.alertId);
    // A double click or a retried request must not add the same comment twice.
    const key = `${requester.id}\u0000${alert.id}\u0000${text}`;
    const now = this.clock.now().getTime();
    for (const [k, at] of this.recentComments) if (now - at > DUPLICATE_WINDOW_MS) this.recentComments.delete(k);
    if (this.recentComments.has(key)) return unchanged(alert, 'That comment is already on the alert.');
    this.recentComments.set(key, now);
    const updated = await this.store.addComment(alert.id, `${requester.name ?? requester.id} (via Teams): ${text}`);
    await this.record(requester, 'alert.comment', alert.id, { length: text.length });
    await this.notifier.alertChanged(updated);
    return { alert: updated, changed: true, message: 'Comment added.' };
  }

  /** Classifies (with a determination valid for the classification); false positives need a comment. */
  classify(requester: Requester, input: ClassifyInput): Promise<TriageResult> {
    return this.serially(input.alertId, () => this.classifyNow(requester, input));
  }

  private async classifyNow(requester: Requester, input: ClassifyInput): Promise<TriageResult> {
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
    if (comment && comment.length > MAX_COMMENT_LENGTH)
      throw new TriageError(
        'invalid',
        `A comment needs 1 to ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters.`,
      );
    const alert = await this.load(requester, 'alert.classify', input.alertId);
    const status = input.resolve ? 'resolved' : alert.status;
    const words = `${CLASSIFICATION_WORDS[classification]} (${DETERMINATION_WORDS[determination] ?? determination})`;
    if (
      alert.classification === classification &&
      alert.determination === determination &&
      alert.status === status &&
      !comment
    ) {
      return unchanged(alert, `Already classified as ${words}.`);
    }
    this.checkVersion(alert, input.version);
    const patch: AlertPatch = {
      classification,
      determination,
      ...(input.resolve ? { status: 'resolved' as const } : {}),
    };
    const what = `classified the alert as ${words}${input.resolve ? ' and resolved it' : ''}${comment ? `: ${comment}` : ''}`;
    const updated = await this.apply(requester, alert, patch, what, 'alert.classify', {
      classification,
      determination,
      resolved: !!input.resolve,
    });
    return { alert: updated, changed: true, message: `Classified as ${words}${input.resolve ? ' and resolved' : ''}.` };
  }

  /** Changes the status; resolving needs a classification or a comment; reopening is allowed and audited. */
  setStatus(requester: Requester, input: StatusInput): Promise<TriageResult> {
    return this.serially(input.alertId, () => this.setStatusNow(requester, input));
  }

  private async setStatusNow(requester: Requester, input: StatusInput): Promise<TriageResult> {
    const comment = input.comment?.trim();
    if (comment && comment.length > MAX_COMMENT_LENGTH)
      throw new TriageError(
        'invalid',
        `A comment needs 1 to ${MAX_COMMENT_LENGTH.toLocaleString('en-US')} characters.`,
      );
    const alert = await this.load(requester, 'alert.setStatus', input.alertId);
    if (alert.status === input.status && !comment)
      return unchanged(alert, `The alert is already ${STATUS_WORDS[input.status]}.`);
    this.checkVersion(alert, input.version);
    if (input.status === 'resolved' && alert.classification === 'unknown' && !comment) {
      throw new TriageError('invalid', 'To resolve an alert, classify it first or say why in a comment.');
    }
    const reopening = alert.status === 'resolved' && input.status !== 'resolved';
    const what = `${reopening ? 'reopened the alert as' : 'set the status to'} ${STATUS_WORDS[input.status]}${comment ? `: ${comment}` : ''}`;
    const updated = await this.apply(
      requester,
      alert,
      { status: input.status },
      what,
      reopening ? 'alert.reopen' : 'alert.setStatus',
      { from: alert.status, to: input.status },
    );
    return {
      alert: updated,
      changed: true,
      message: reopening
        ? `Reopened as ${STATUS_WORDS[input.status]}.`
        : `Status set to ${STATUS_WORDS[input.status]}.`,
    };
  }

  /**
   * Runs `fn` after every earlier change of the same alert has finished. This orders changes within
   * one process; across several instances Graph offers no conditional update (unconfirmed), so two
   * instances could still interleave.
   */
  private serially<T>(alertId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(alertId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.locks.set(alertId, settled);
    void settled.then(() => {
      if (this.locks.get(alertId) === settled) this.locks.delete(alertId);
    });
    return run;
  }

  /** Loads the alert and checks the permission (an alert the requester may not see answers as missing). */
  private async load(requester: Requester, permission: Permission, alertId: string): Promise<Alert> {
    const alert = await this.store.get(alertId);
    if (!alert) throw new TriageError('not-found', 'This alert does not exist (any more), or you cannot see it.');
    await this.access.authorize(requester, permission, alert);
    return alert;
  }

  private checkVersion(alert: Alert, version: string | undefined): void {
    if (version !== undefined && version !== alert.lastUpdatedAt) {
      throw new TriageError(
        'stale',
        'This alert changed since your card was drawn (here or in the Defender portal). Nothing was changed: check the current state below and try again.',
      );
    }
  }

  /** Writes the patch and the "who did what via Teams" comment, audits, and updates the card for everyone. */
  private async apply(
    requester: Requester,
    alert: Alert,
    patch: AlertPatch,
    what: string,
    action: string,
    details: Record<string, unknown>,
  ): Promise<Alert> {
    await this.store.update(alert.id, patch);
    const updated = await this.store.addComment(alert.id, `${requester.name ?? requester.id} (via Teams): ${what}`);
    await this.record(requester, action, alert.id, details);
    await this.notifier.alertChanged(updated);
    return updated;
  }

  private record(
    requester: Requester,
    action: string,
    alertId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.append({
      actor: { id: requester.id, name: requester.name },
      action,
      alertId,
      outcome: 'success',
      details,
    });
  }
}

function unchanged(alert: Alert, message: string): TriageResult {
  return { alert, changed: false, message };
}

function sameUser(a: string | undefined, b: string): boolean {
  return !!a && a.toLowerCase() === b.toLowerCase();
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
