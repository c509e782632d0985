import { CLASSIFICATION_LABEL, DETERMINATION_LABEL } from '../src/triage/alert-labels.js';
import type { AuditRecord } from '../src/triage/ports.js';
import { REMEDIATION_TITLES } from '../src/triage/remediation/remediation-action.js';

/** An audit entry as the log returns it. */
export type HistoryEntry = AuditRecord & { at: string };

/** One readable line of an alert's history: when, who, what (plain text, not yet escaped), and its steps. */
export interface HistoryLine {
  at: string;
  who: string;
  what: string;
  failed: boolean;
  /** A remediation's steps, each with its result. */
  steps: { mark: StepMark; text: string }[];
}

/** How a step ended: done, failed, not changed (as planned), or not executed (dry run). */
export type StepMark = '✓' | '✗' | '–' | '○';

/** How the lines are drawn for this reader. */
export interface HistoryOptions {
  /** Display names by lower-case Entra object id. */
  names: ReadonlyMap<string, string>;
  /** Step descriptions name the user, file or device: only for those who may see the alert's details. */
  showTargets: boolean;
}

// One wording per status everywhere (card, lists, digest, thread).
const STATUS_NAME: Record<string, string> = { new: 'New', inProgress: 'In progress', resolved: 'Resolved' };
const RUN_WORDS: Record<string, string> = {
  done: 'done',
  doneButExposed: 'done, but still exposed',
  partlyFailed: 'partly failed',
  failed: 'failed',
  dryRun: 'dry run, nothing was changed',
};
const MARK: Record<string, StepMark> = { succeeded: '✓', failed: '✗', skipped: '–', notExecuted: '○' };
const OUTCOME_WORDS: Record<StepMark, string> = { '✓': 'done', '✗': 'failed', '–': 'not changed', '○': 'not executed' };
const SYSTEM = 'DLP Triage';
const SOMEONE = 'Someone';
const LINK_VIEWER = 'Someone with the read-only link';

/** A value of `record` looked up as an own property (details and wire values select labels). */
function own(record: Readonly<Record<string, string>>, key: unknown): string | undefined {
  return typeof key === 'string' && Object.hasOwn(record, key) ? record[key] : undefined;
}

const text = (details: Record<string, unknown> | undefined, key: string): string | undefined =>
  typeof details?.[key] === 'string' ? (details[key] as string) : undefined;

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The entries (oldest first) as readable lines: what people did to the alert, with each remediation's
 * steps under the run they belong to. Refused attempts are left out (the `audit` command lists them).
 */
export function historyLines(entries: readonly HistoryEntry[], options: HistoryOptions): HistoryLine[] {
  const stepsOf = new Map<string, HistoryEntry[]>();
  for (const e of entries) {
    const plan = text(e.details, 'planId');
    if (plan && isStep(e)) {
      const key = `${e.action}:${plan}`;
      stepsOf.set(key, [...(stepsOf.get(key) ?? []), e]);
    }
  }
  const claimed = new Set<HistoryEntry>();
  const lines: HistoryLine[] = [];
  for (const e of entries) {
    if (e.outcome === 'denied') continue;
    if (isStep(e)) continue;
    const stepKey = e.action === 'alert.remediate.confirm' ? 'alert.remediate.step' : 'alert.remediate.undoStep';
    const steps = /^alert\.remediate\.(confirm|undo)$/.test(e.action)
      ? (stepsOf.get(`${stepKey}:${text(e.details, 'planId')}`) ?? [])
      : [];
    steps.forEach((s) => claimed.add(s));
    lines.push(line(e, describe(e, options), steps, options));
  }
  // Steps whose run is not among the entries (an older part of the log, or a run cut short).
  for (const e of entries) {
    if (claimed.has(e) || e.outcome === 'denied' || !isStep(e)) continue;
    lines.push(line(e, 'ran a remediation step', [e], options));
  }
  return lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

const isStep = (e: HistoryEntry) => e.action === 'alert.remediate.step' || e.action === 'alert.remediate.undoStep';

function line(e: HistoryEntry, what: string, steps: HistoryEntry[], options: HistoryOptions): HistoryLine {
  return {
    at: e.at,
    who: whoOf(e, options.names),
    what,
    failed: e.outcome === 'failed',
    steps: steps.map((s) => step(s, options.showTargets)),
  };
}

function whoOf(e: HistoryEntry, names: ReadonlyMap<string, string>): string {
  if (e.actor === 'system') return SYSTEM;
  if (e.action === 'alert.share.view') return LINK_VIEWER;
  return names.get(e.actor.id.toLowerCase()) ?? e.actor.name ?? SOMEONE;
}

function person(id: string | undefined, names: ReadonlyMap<string, string>): string {
  return (id && names.get(id.toLowerCase())) || 'someone';
}

/** What an entry did, in words; the unknown ones by their action name. */
function describe(e: HistoryEntry, { names }: HistoryOptions): string {
  const d = e.details;
  const remediation = own(REMEDIATION_TITLES, d?.remediation) ?? 'a remediation';
  switch (e.action) {
    case 'alert.assign': {
      const assignee = text(d, 'assignee');
      const self = e.actor !== 'system' && assignee?.toLowerCase() === e.actor.id.toLowerCase();
      return self ? 'assigned it to themselves' : `assigned it to ${person(assignee, names)}`;
    }
    case 'alert.comment':
      return 'commented';
    case 'alert.classify': {
      const classification = lower(own(CLASSIFICATION_LABEL, d?.classification) ?? 'an unknown classification');
      const determination = own(DETERMINATION_LABEL, d?.determination);
      const resolved = d?.resolved === true ? ' and resolved it' : '';
      return `classified it ${classification}${determination ? ` — ${lower(determination)}` : ''}${resolved}`;
    }
    case 'alert.setStatus':
      return `set the status to ${own(STATUS_NAME, d?.to) ?? 'an unknown status'}`;
    case 'alert.reopen':
      return `reopened it as ${own(STATUS_NAME, d?.to) ?? 'open'}`;
    case 'alert.share':
      return 'shared a read-only link';
    case 'alert.unshare':
      return 'revoked the read-only links';
    case 'alert.share.view':
      return 'opened it';
    case 'alert.investigate':
      return 'investigated it';
    case 'alert.remediate':
      return `proposed “${remediation}”`;
    case 'alert.remediate.confirm':
      return `ran “${remediation}”: ${own(RUN_WORDS, d?.status) ?? e.outcome}`;
    case 'alert.remediate.undo':
      return `undid “${remediation}”: ${own(RUN_WORDS, d?.status) ?? e.outcome}`;
    case 'alert.remediate.notify':
      return 'could not post the remediation summary in the thread';
  }
  // A failed delivery's reason is a library's message: it stays in the audit log.
  if (e.action.startsWith('delivery.')) return 'could not deliver a Teams message about this alert';
  return `${e.action} (${e.outcome})`;
}

/** A step and how it ended; its description and message only for readers who may see targets. */
function step(e: HistoryEntry, showTargets: boolean): { mark: StepMark; text: string } {
  const mark = own(MARK, e.details?.outcome) as StepMark | undefined;
  const ending = mark ?? (e.outcome === 'failed' ? '✗' : '✓');
  const description = text(e.details, 'description');
  const message = text(e.details, 'message');
  if (showTargets && description) return { mark: ending, text: message ? `${description} — ${message}` : description };
  const id = text(e.details, 'stepId');
  return { mark: ending, text: `Step ${id ?? '?'}: ${OUTCOME_WORDS[ending]}` };
}
