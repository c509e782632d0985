import * as ACData from 'adaptivecards-templating';
import type { Alert, AlertComment, Severity } from '../src/triage/alert.js';
import { CLASSIFICATION_LABEL, DETERMINATION_LABEL, formatUtc } from '../src/triage/alert-labels.js';
import { DETERMINATIONS } from '../src/triage/classification.js';
import { REMEDIATION_TITLES, remediationsFor } from '../src/triage/remediation/remediation-action.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { alertFacts } from './alert-facts.js';
import type { CardVerb } from './card-verbs.js';
import { formatAge, md, oneLine } from './card-text.js';
import alertCardTemplate from './templates/alert-card.json' with { type: 'json' };

/**
 * How one user sees an alert card: which verbs they may use, an optional notice, and the clock for ages.
 * `alert.remediate.confirm` / `alert.remediate.undo` need a plan id, so they belong to the confirmation card
 * and are ignored here; `alert.remediate` shows only when the evidence supports at least one action.
 */
export interface AlertCardView {
  actions: ReadonlySet<CardVerb>;
  /**
   * `summary` (the default) is what a channel card may show to every member: no subject identity,
   * file path, message, device or sensitive information types. `full` is the per-user details view.
   */
  detail?: 'summary' | 'full';
  /**
   * People offered in Assign (value: Entra object id), e.g. the team's members who may work on the alert.
   * Only they are offered: no people picker, which would list everyone and answer with Teams member ids.
   * Without choices the card asks for a user principal name instead.
   */
  assigneeChoices?: { title: string; value: string }[];
  /** Show matched content (the content-viewer add-on); only with `detail: 'full'`. */
  showMatchedContent?: boolean;
  notice?: { text: string; tone: NoticeTone };
  /**
   * Teams user ids (`29:…`, at most 60) the card refreshes for by itself (`refresh.userIds`), so each of them
   * sees their own view; absent: no userIds (Teams then refreshes for everyone in chats of up to 60).
   */
  refreshUserIds?: readonly string[];
  /** Working read-only share links of the alert, each shown as a link with its expiry. */
  shareLinks?: readonly { url: string; expiresAt: string }[];
  now: Date;
}

/** Colour family of a notice: info (accent), warning, error (attention). */
export type NoticeTone = 'info' | 'warning' | 'error';

const SEVERITY: Record<Severity, { label: string; color: string }> = {
  high: { label: 'High', color: 'Attention' },
  medium: { label: 'Medium', color: 'Warning' },
  low: { label: 'Low', color: 'Accent' },
  informational: { label: 'Informational', color: 'Default' },
  unknown: { label: 'Unknown', color: 'Default' },
};

const NOTICE_COLOR: Record<NoticeTone, string> = { info: 'Accent', warning: 'Warning', error: 'Attention' };

// Preparing a Template parses every `${...}` binding (~2.6 ms); expanding a prepared one is much cheaper.
// `expand` is synchronous and resets its per-call state, so one shared, never-mutated instance is safe.
const template = new ACData.Template(alertCardTemplate);

const MAX_TOP_LEVEL_ACTIONS = 5;
const MORE_ACTIONS_PER_ROW = 4;
const MAX_COMMENTS = 3;

/** Renders the shared alert card (Adaptive Card 1.5) showing only the verbs in `view.actions`; pure, no I/O. */
export function renderAlertCard(alert: Alert, view: AlertCardView): AdaptiveCard {
  const card = template.expand({ $root: toCardData(alert, view) }) as Record<string, unknown>;
  // `$when` on an object-valued property leaves `null` behind; the schema wants the key absent.
  if (card.refresh == null) delete card.refresh;
  else if (view.refreshUserIds) (card.refresh as Record<string, unknown>).userIds = [...view.refreshUserIds];
  const actions = Array.isArray(card.actions) ? (card.actions as unknown[]) : [];
  if (actions.length === 0) delete card.actions;
  else card.actions = foldOverflow(actions);
  return card as AdaptiveCard;
}

/** A small card for errors and confirmations (e.g. the body of an invoke error response). */
export function renderNoticeCard(title: string, text: string, tone: NoticeTone): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: `${oneLine(title, 200)}: ${oneLine(text, 300)}`,
    body: [
      { type: 'TextBlock', text: md(oneLine(title, 200)), weight: 'Bolder', color: NOTICE_COLOR[tone], wrap: true },
      { type: 'TextBlock', text: md(oneLine(text, 1000)), wrap: true, spacing: 'Small' },
    ],
  };
}

/** The flat, display-ready object the template binds to: every string is final, every flag a boolean. */
function toCardData(alert: Alert, view: AlertCardView) {
  const can = (verb: CardVerb) => view.actions.has(verb);
  const severity = SEVERITY[alert.severity] ?? SEVERITY.unknown;
  const remediationChoices = remediationsFor(alert).map((value) => ({ value, title: REMEDIATION_TITLES[value] }));
  const comments = [...alert.comments].sort((a, b) => time(b.createdAt) - time(a.createdAt)).slice(0, MAX_COMMENTS);
  const title = oneLine(alert.title, 250) || 'Untitled DLP alert';
  const full = view.detail === 'full';
  const matched = full && view.showMatchedContent ? (alert.matchedContent ?? []) : [];

  return {
    alertId: alert.id,
    version: alert.lastUpdatedAt,
    fallbackText: `${severity.label} severity DLP alert: ${title}`,
    hasNotice: !!view.notice,
    noticeText: view.notice ? md(oneLine(view.notice.text, 500)) : '',
    noticeColor: view.notice ? NOTICE_COLOR[view.notice.tone] : 'Default',
    severityLabel: `● ${severity.label} severity`,
    severityColor: severity.color,
    title: md(title),
    subtitle: md(
      [alert.workload, alert.policyName, alert.ruleName]
        .filter((s): s is string => !!s)
        .map((s) => oneLine(s, 100))
        .join(' · '),
    ),
    facts: alertFacts(alert, full ? 'full' : 'summary', view.now),
    hasMatchedContent: matched.length > 0,
    matchedContent: matched.slice(0, 10).map((m) => md(oneLine(m, 200))),
    hasComments: comments.length > 0,
    comments: comments.map((c) => commentData(c, view.now)),
    classifyOptions: classifyOptions(alert),
    hasAssigneeChoices: (view.assigneeChoices?.length ?? 0) > 0,
    assigneeChoices: (view.assigneeChoices ?? []).map((c) => ({ title: md(oneLine(c.title, 80)), value: c.value })),
    statusValue: alert.status === 'unknown' ? '' : alert.status,
    remediationChoices,
    hasShareLinks: (view.shareLinks?.length ?? 0) > 0,
    // The URL is ours (base URL and a base64url token), so it goes into the markdown link unescaped.
    shareLinks: (view.shareLinks ?? []).map((l) => ({
      text: `[Shared read-only link](${l.url}) · expires ${formatUtc(l.expiresAt)}`,
    })),
    hasPortalUrl: !!alert.portalUrl,
    portalUrl: alert.portalUrl ?? '',
    show: {
      assignToMe: can('alert.assignToMe'),
      investigate: can('alert.investigate'),
      classify: can('alert.classify'),
      setStatus: can('alert.setStatus'),
      comment: can('alert.comment'),
      assign: can('alert.assign'),
      remediate: can('alert.remediate') && remediationChoices.length > 0,
      details: can('alert.details'),
      history: can('alert.history'),
      share: can('alert.share'),
      unshare: can('alert.unshare'),
      refresh: can('alert.refresh'),
    },
  };
}

/** One Classify sub-card per classification, each offering only the determinations valid with it. */
function classifyOptions(alert: Alert) {
  return (Object.keys(DETERMINATIONS) as (keyof typeof DETERMINATIONS)[]).map((classification) => {
    const falsePositive = classification === 'falsePositive';
    return {
      value: classification,
      title: CLASSIFICATION_LABEL[classification],
      actionId: `alert.classify.${classification}`,
      selected:
        alert.classification === classification && DETERMINATIONS[classification].includes(alert.determination)
          ? alert.determination
          : '',
      determinations: DETERMINATIONS[classification].map((value) => ({
        value,
        title: DETERMINATION_LABEL[value] ?? value,
      })),
      commentRequired: falsePositive,
      commentLabel: falsePositive ? 'Why is it a false positive?' : 'Comment (optional)',
      commentPlaceholder: falsePositive ? 'Required: what makes this match harmless?' : 'Why? (optional)',
      resolveDefault: falsePositive ? 'true' : 'false',
    };
  });
}

function commentData(comment: AlertComment, now: Date) {
  const firstLine = comment.text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  return {
    header: md(`${oneLine(comment.author, 80) || 'Unknown'} · ${formatAge(comment.createdAt, now)}`),
    text: md(oneLine(firstLine, 120)) || '(empty comment)',
  };
}

/** Keeps the top-level action row short (mobile): the first four stay, the rest move into a "More…" card. */
function foldOverflow(actions: unknown[]): unknown[] {
  if (actions.length <= MAX_TOP_LEVEL_ACTIONS) return actions;
  const rest = actions.slice(MAX_TOP_LEVEL_ACTIONS - 1);
  const rows = [];
  for (let i = 0; i < rest.length; i += MORE_ACTIONS_PER_ROW) {
    rows.push({ type: 'ActionSet', actions: rest.slice(i, i + MORE_ACTIONS_PER_ROW) });
  }
  return [
    ...actions.slice(0, MAX_TOP_LEVEL_ACTIONS - 1),
    { type: 'Action.ShowCard', title: 'More…', card: { type: 'AdaptiveCard', body: rows } },
  ];
}

function time(iso: string): number {
  return new Date(iso).getTime();
}
