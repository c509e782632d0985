import type { Translator } from '../src/i18n/translator.js';
import type { AuditRecord } from '../src/triage/ports.js';
import { classificationWord, determinationWord, inSentence, statusWord, wordOf } from './alert-words.js';
import { md, oneLine } from './card-text.js';

/** An audit entry as the log returns it. */
export type HistoryEntry = AuditRecord & { at: string };

/**
 * One readable line of an alert's history: when, and who did what as one sentence of the reader's
 * language (escaped markdown: names and values from the log are escaped), with its steps.
 */
export interface HistoryLine {
  at: string;
  text: string;
  failed: boolean;
  /** A remediation's steps, each with its result (escaped markdown). */
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
  /** The reader's language. */
  i18n: Translator;
}

const MARK: Record<string, StepMark> = { succeeded: '✓', failed: '✗', skipped: '–', notExecuted: '○' };
const OUTCOME_WORDS = { '✓': 'done', '✗': 'failed', '–': 'notChanged', '○': 'notExecuted' } as const;

/** A value of `record` looked up as an own property (details and wire values select labels). */
function own<T>(record: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === 'string' && Object.hasOwn(record, key) ? record[key] : undefined;
}

const text = (details: Record<string, unknown> | undefined, key: string): string | undefined =>
  typeof details?.[key] === 'string' ? (details[key] as string) : undefined;

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
    lines.push(line(e, options.i18n.t('history.ranStep', { who: whoOf(e, options) }), [e], options));
  }
  return lines.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

const isStep = (e: HistoryEntry) => e.action === 'alert.remediate.step' || e.action === 'alert.remediate.undoStep';

function line(e: HistoryEntry, sentence: string, steps: HistoryEntry[], options: HistoryOptions): HistoryLine {
  return {
    at: e.at,
    text: sentence,
    failed: e.outcome === 'failed',
    steps: steps.map((s) => step(s, options)),
  };
}

/** Who did it, escaped: the system, a share-link viewer, or a person by display name. */
function whoOf(e: HistoryEntry, { names, i18n }: HistoryOptions): string {
  if (e.actor === 'system') return md(i18n.t('audit.system'));
  if (e.action === 'alert.share.view') return i18n.t('history.linkViewer');
  return md(oneLine(names.get(e.actor.id.toLowerCase()) ?? e.actor.name ?? i18n.t('history.someone'), 80));
}

function person(id: string | undefined, { names, i18n }: HistoryOptions): string {
  const name = id && names.get(id.toLowerCase());
  return name ? md(oneLine(name, 80)) : i18n.t('history.someoneElse');
}

/** What an entry did, as a sentence naming who did it; the unknown ones by their action name. */
function describe(e: HistoryEntry, options: HistoryOptions): string {
  const { i18n } = options;
  const d = e.details;
  const who = whoOf(e, options);
  const remediation = wordOf(i18n, 'remediation.action.', d?.remediation) ?? i18n.t('history.aRemediation');
  const result = () => wordOf(i18n, 'history.run.', d?.status) ?? e.outcome;
  switch (e.action) {
    case 'alert.assign': {
      const assignee = text(d, 'assignee');
      const self = e.actor !== 'system' && assignee?.toLowerCase() === e.actor.id.toLowerCase();
      if (self) return i18n.t('history.assignedSelf', { who });
      return i18n.t('history.assigned', { who, assignee: person(assignee, options) });
    }
    case 'alert.comment':
      return i18n.t('history.commented', { who });
    case 'alert.classify':
      return classified(e, who, i18n);
    case 'alert.setStatus':
      return i18n.t('history.setStatus', { who, status: statusOf(d?.to, i18n) ?? i18n.t('history.unknownStatus') });
    case 'alert.reopen':
      return i18n.t('history.reopened', { who, status: statusOf(d?.to, i18n) ?? i18n.t('history.open') });
    case 'alert.remediate':
      return i18n.t('history.proposed', { who, remediation });
    case 'alert.remediate.confirm':
      return i18n.t('history.ran', { who, remediation, result: result() });
    case 'alert.remediate.undo':
      return i18n.t('history.undid', { who, remediation, result: result() });
  }
  const simple = own(SIMPLE, e.action);
  if (simple) return i18n.t(simple, { who });
  // A failed delivery's reason is a library's message: it stays in the audit log.
  if (e.action.startsWith('delivery.')) return i18n.t('history.deliveryFailed', { who });
  return `${who} ${md(oneLine(e.action, 80))} (${e.outcome})`;
}

/** Entries told by who did them alone. */
const SIMPLE = {
  'alert.share': 'history.shared',
  'alert.unshare': 'history.unshared',
  'alert.share.view': 'history.viewed',
  'alert.investigate': 'history.investigated',
  'alert.remediate.notify': 'history.notifyFailed',
} as const;

/** "New", "In progress", "Resolved" for the statuses a change can set; undefined for anything else. */
const statusOf = (to: unknown, i18n: Translator) =>
  to === 'new' || to === 'inProgress' || to === 'resolved' ? statusWord(i18n, to) : undefined;

/** "classified it true positive — malicious user activity and resolved it". */
function classified(e: HistoryEntry, who: string, i18n: Translator): string {
  const d = e.details;
  const known = wordOf(i18n, 'labels.classification.', d?.classification) && d?.classification !== 'unknown';
  const classification = known
    ? inSentence(classificationWord(i18n, d?.classification), i18n)
    : i18n.t('history.unknownClassification');
  const determination = determinationWord(i18n, d?.determination);
  const resolved = d?.resolved === true ? 'yes' : 'no';
  if (!determination) return i18n.t('history.classified', { who, classification, resolved });
  return i18n.t('history.classifiedWith', {
    who,
    classification,
    determination: inSentence(determination, i18n),
    resolved,
  });
}

/** A step and how it ended; its description and message only for readers who may see targets. */
function step(e: HistoryEntry, { showTargets, i18n }: HistoryOptions): { mark: StepMark; text: string } {
  const mark = own(MARK, e.details?.outcome);
  const ending = mark ?? (e.outcome === 'failed' ? '✗' : '✓');
  const description = text(e.details, 'description');
  const message = text(e.details, 'message');
  if (showTargets && description) {
    return { mark: ending, text: md(oneLine(message ? `${description} — ${message}` : description, 400)) };
  }
  const id = md(oneLine(text(e.details, 'stepId') ?? '?', 40));
  return {
    mark: ending,
    text: i18n.t('history.step', { id, outcome: i18n.t(`history.step.${OUTCOME_WORDS[ending]}`) }),
  };
}
