import type { AccessService, Requester } from '../access/access-service.js';
import type { Classification } from '../alert.js';
import { CLASSIFICATION_WORDS, DETERMINATION_WORDS, isValidPair } from '../classification.js';
import { PerAlertQueue } from '../per-alert-queue.js';
import type { AuditSink, Directory } from '../ports.js';
import { TriageError } from '../triage-error.js';
import type { IncidentStatus, IncidentStore } from './incident.js';
import { IncidentAccess, type IncidentView } from './incident-access.js';
import { assignIncident, type IncidentAssignInput } from './incident-assignment.js';
import { checkedComment, commentError, done, same } from './incident-results.js';
import { hasTag, normalizeTag, withTag, withoutTag } from './incident-tags.js';
import {
  IncidentWriter,
  type IncidentNotifier,
  type IncidentResult,
  type IncidentVersioned,
} from './incident-writer.js';

export type { IncidentResult } from './incident-writer.js';
export { MAX_INCIDENT_COMMENT } from './incident-results.js';

type SettableStatus = Exclude<IncidentStatus, 'redirected' | 'awaitingAction' | 'unknown'>;
export type IncidentStatusInput = IncidentVersioned & { status: SettableStatus; comment?: string };
export type IncidentClassifyInput = IncidentVersioned & {
  classification: Exclude<Classification, 'unknown'>;
  determination: string;
  comment?: string;
};
export type IncidentTagInput = IncidentVersioned & { tag: string; op: 'add' | 'remove' };

/** The ports an IncidentService works with. */
export interface IncidentServiceDeps {
  incidents: IncidentStore;
  directory: Pick<Directory, 'getUser'>;
  access: Pick<AccessService, 'can'>;
  audit: AuditSink;
  notifier: IncidentNotifier;
}

/**
 * The incident use cases from Teams: show, assign, set status (resolving needs a comment), classify,
 * comment and tag. The rules are the alert actions': permission and AU scope (on every alert of the
 * incident, IncidentAccess), a version check, audit, and card updates for everyone. Changes to one
 * incident run one after another; repeating a change already in place is a no-op.
 */
export class IncidentService {
  private readonly queue = new PerAlertQueue();
  private readonly access: IncidentAccess;
  private readonly writer: IncidentWriter;

  constructor(private readonly deps: IncidentServiceDeps) {
    this.access = new IncidentAccess(deps.incidents, deps.access, deps.audit);
    this.writer = new IncidentWriter(deps.incidents, deps.audit, deps.notifier);
  }

  private get parts() {
    return { access: this.access, writer: this.writer, directory: this.deps.directory, can: this.deps.access };
  }

  /** The incident with the alerts the requester may see (never a trace of the others) and what they may change. */
  show(requester: Requester, incidentId: string): Promise<IncidentView> {
    return this.access.view(requester, incidentId);
  }

  /** Assigns the incident to a person (object id or UPN) who may work on every one of its alerts. */
  assign(requester: Requester, input: IncidentAssignInput): Promise<IncidentResult> {
    return this.serial(input, () => assignIncident(this.parts, requester, input));
  }

  /** Sets the status (active, inProgress, resolved); resolving needs a comment saying why. */
  setStatus(requester: Requester, input: IncidentStatusInput): Promise<IncidentResult> {
    return this.serial(input, async () => {
      const comment = checkedComment(input.comment);
      const { incident } = await this.access.forChange(
        requester,
        input.incidentId,
        'alert.setStatus',
        'incident.setStatus',
      );
      const data = { status: input.status };
      if (incident.status === input.status && !comment)
        return same(incident, `The incident is already ${input.status}.`, 'incident.done.alreadyStatus', data);
      this.writer.checkVersion(incident, input.version);
      if (input.status === 'resolved' && !comment)
        throw new TriageError('invalid', 'To resolve an incident, say why in a comment.', {
          key: 'errors.incidentResolveNeedsComment',
        });
      const what = `set the incident status to ${input.status}${comment ? `: ${comment}` : ''}`;
      const updated = await this.writer.apply(
        requester,
        incident,
        { status: input.status },
        what,
        'incident.setStatus',
        {
          from: incident.status,
          to: input.status,
        },
      );
      return done(updated, `Incident status set to ${input.status}.`, 'incident.done.statusSet', data);
    });
  }

  /** Classifies the incident (a determination valid for the classification; false positives need a comment). */
  classify(requester: Requester, input: IncidentClassifyInput): Promise<IncidentResult> {
    return this.serial(input, async () => {
      const { classification, determination } = input;
      if (!isValidPair(classification, determination))
        throw new TriageError(
          'invalid',
          `"${determination}" is not a determination for ${CLASSIFICATION_WORDS[classification]}.`,
          {
            key: 'errors.incidentBadDetermination',
          },
        );
      const comment = checkedComment(input.comment);
      if (classification === 'falsePositive' && !comment)
        throw new TriageError('invalid', 'Say why this is a false positive: a comment is required.');
      const { incident } = await this.access.forChange(
        requester,
        input.incidentId,
        'alert.classify',
        'incident.classify',
      );
      const data = { classification, determination };
      const words = `${CLASSIFICATION_WORDS[classification]} (${DETERMINATION_WORDS[determination] ?? determination})`;
      if (incident.classification === classification && incident.determination === determination && !comment)
        return same(incident, `Already classified as ${words}.`, 'incident.done.alreadyClassified', data);
      this.writer.checkVersion(incident, input.version);
      const what = `classified the incident as ${words}${comment ? `: ${comment}` : ''}`;
      const updated = await this.writer.apply(requester, incident, data, what, 'incident.classify', data);
      return done(updated, `Classified as ${words}.`, 'incident.done.classified', data);
    });
  }

  /** Adds a comment (1 to 30,000 characters) attributed to the requester. */
  comment(requester: Requester, input: IncidentVersioned & { text: string }): Promise<IncidentResult> {
    return this.serial(input, async () => {
      const text = checkedComment(input.text);
      if (!text) throw commentError();
      const { incident } = await this.access.forChange(
        requester,
        input.incidentId,
        'alert.comment',
        'incident.comment',
      );
      const updated = await this.writer.apply(requester, incident, undefined, text, 'incident.comment', {
        length: text.length,
      });
      return done(updated, 'Comment added.', 'incident.done.commentAdded', {});
    });
  }

  /** Adds or removes one custom tag (trimmed, bounded, no duplicates; compared case-insensitively). */
  tag(requester: Requester, input: IncidentTagInput): Promise<IncidentResult> {
    return this.serial(input, async () => {
      const tag = normalizeTag(input.tag);
      const { incident } = await this.access.forChange(requester, input.incidentId, 'alert.classify', 'incident.tag');
      const data = { tag };
      const present = hasTag(incident.customTags, tag);
      if (present === (input.op === 'add'))
        return same(
          incident,
          `The tag ${tag} is ${present ? 'already' : 'not'} on the incident.`,
          `incident.done.tag${present ? 'Already' : 'Absent'}`,
          data,
        );
      this.writer.checkVersion(incident, input.version);
      const customTags = input.op === 'add' ? withTag(incident.customTags, tag) : withoutTag(incident.customTags, tag);
      const what = `${input.op === 'add' ? 'added' : 'removed'} the incident tag ${tag}`;
      const updated = await this.writer.apply(requester, incident, { customTags }, what, 'incident.tag', {
        op: input.op,
        tag,
      });
      return done(
        updated,
        `Tag ${tag} ${input.op === 'add' ? 'added' : 'removed'}.`,
        `incident.done.tag${input.op === 'add' ? 'Added' : 'Removed'}`,
        data,
      );
    });
  }

  private serial<T>(input: IncidentVersioned, fn: () => Promise<T>): Promise<T> {
    return this.queue.run(input.incidentId, fn);
  }
}
