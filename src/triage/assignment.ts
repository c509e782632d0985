import type { AccessService, Requester } from './access/access-service.js';
import type { Alert } from './alert.js';
import { unchanged, type AlertWriter, type UpdateResult, type Versioned } from './alert-writer.js';
import type { AlertNotifier, Directory, DirectoryUser } from './ports.js';
import { assignmentText, mentionMarkup } from './teams-markup.js';
import { TriageError } from './triage-error.js';
import { unknownAssigneeMessage } from './unknown-assignee.js';

/** An assignment request: the person (Entra object id or UPN) and the card version it was made on. */
export type AssignInput = Versioned & { assignee: string };

/**
 * Assigning an alert: the assignee must exist and may work on the alert; the change is written like any
 * other update, then the thread @mentions the new (and the previous) assignee and both hear of it 1:1.
 */
export class Assignment {
  constructor(
    private readonly writer: AlertWriter,
    private readonly directory: Directory,
    private readonly access: AccessService,
    private readonly notifier: AlertNotifier,
  ) {}

  /** Assigns the alert to a person who may work on it; notifies them. Callers serialise per alert. */
  async assign(requester: Requester, input: AssignInput): Promise<UpdateResult> {
    const alert = await this.writer.load(requester, 'alert.assign', input.alertId);
    const assignee = await this.directory.getUser(input.assignee.trim());
    if (!assignee) throw new TriageError('invalid', unknownAssigneeMessage(input.assignee));
    if (sameUser(alert.assignedTo, assignee.userPrincipalName))
      return unchanged(alert, `Already assigned to ${assignee.displayName}.`, {
        key: 'alertCard.done.alreadyAssigned',
        data: { name: assignee.displayName },
      });
    this.writer.checkVersion(alert, input.version);
    if (!(await this.access.can(assignee.id, 'alert.classify', alert))) {
      throw new TriageError(
        'invalid',
        `${assignee.displayName} cannot work on this alert (they need the analyst or responder role for it). Pick someone else.`,
      );
    }
    const previous = alert.assignedTo ? await this.directory.getUser(alert.assignedTo) : undefined;
    const updated = await this.writer.apply(
      requester,
      alert,
      { assignedTo: assignee.userPrincipalName },
      assignmentText(assignee.displayName),
      'alert.assign',
      { assignee: assignee.id, previous: previous?.id },
    );
    await this.notify(requester, alert, assignee, previous);
    const said = { key: 'alertCard.done.assigned', data: { name: assignee.displayName } };
    return { alert: updated, changed: true, message: `Assigned to ${assignee.displayName}.`, said };
  }

  /** The thread mention (unless people took the alert themselves) and the 1:1 messages to new and previous. */
  private async notify(
    requester: Requester,
    alert: Alert,
    assignee: DirectoryUser,
    previous: DirectoryUser | undefined,
  ): Promise<void> {
    const title = `“${short(alert.title, 120)}”`;
    const self = assignee.id.toLowerCase() === requester.id.toLowerCase();
    const previousNote = previous ? ` (It was assigned to ${mentionMarkup(previous.displayName)}.)` : '';
    const previousMention = previous ? [{ id: previous.id, name: previous.displayName }] : [];
    await this.notifier.postInThread(
      alert.id,
      self
        ? { text: `${assignee.displayName} took this alert.${previousNote}`, mentions: previousMention }
        : {
            text: `${mentionMarkup(assignee.displayName)}, ${requester.name ?? 'someone'} assigned this alert to you.${previousNote}`,
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
  }
}

function sameUser(a: string | undefined, b: string): boolean {
  return !!a && a.toLowerCase() === b.toLowerCase();
}

function short(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
