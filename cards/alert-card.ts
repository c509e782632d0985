import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import type { IncidentContext } from '../src/triage/incidents/incident-context.js';
import type { SlaHours } from '../src/triage/digest/digest-rules.js';
import { remediationsFor } from '../src/triage/remediation/remediation-action.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { alertBadges, resolvedLine } from './alert-badges.js';
import { classifyOptions, commentData, statusChoices } from './alert-card-inputs.js';
import { foldOverflow, shown } from './alert-card-actions.js';
import { alertCardLabels } from './alert-card-labels.js';
import { alertCardTemplate } from './alert-card-template.js';
import { alertFacts } from './alert-facts.js';
import { isViewersOwn } from './alert-view-key.js';
import { isOtherSource } from './alert-source-facts.js';
import { incidentSectionData } from './alert-incident-section.js';
import { severityWord } from './alert-words.js';
import type { CardVerb } from './card-verbs.js';
import { md, oneLine } from './card-text.js';

/**
 * How one user sees an alert card: which verbs they may use, in which language and time zone, an optional
 * notice, and the clock for ages.
 * `alert.remediate.confirm` / `alert.remediate.undo` need a plan id, so they belong to the confirmation card
 * and are ignored here; `alert.remediate` shows only when the evidence supports at least one action.
 */
export interface AlertCardView {
  actions: ReadonlySet<CardVerb>;
  /**
   * Who reads it: every label, date and age in their language and time zone (a channel card is read by
   * many, so it is drawn in English and UTC; a person's own view in theirs).
   */
  i18n: Translator;
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
  /** SLA hours per severity (SLA_HOURS_*): without them, no SLA badge. */
  sla?: SlaHours;
  /** Who looks at the card (Entra object id): marks "assigned to you", and hides Assign to me then. */
  viewer?: { id: string };
  /** The assignee as the directory knows them (`alert.assignedTo` is a principal name); the name shown on the card. */
  assignee?: { id?: string; displayName?: string };
  /** The alert's incident as every reader of this alert may see it (IncidentContexts); no section without. */
  incident?: IncidentContext;
}

/** Colour family of a notice: info (accent), warning, error (attention). */
export type NoticeTone = 'info' | 'warning' | 'error';

/*
 * Text colours: only Default and Accent meet WCAG AA (4.5:1) in all three Teams themes. Warning (yellow)
 * and Good (green) fail on the light theme's white, Attention (red) on the dark theme's grey
 * (test/e2e/card-rendering.test.ts). So the words carry the meaning, and Accent marks what needs a look;
 * severity and SLA are badges (cards/alert-badges.ts): text on a container whose style carries the colour.
 */
const NOTICE_COLOR: Record<NoticeTone, string> = { info: 'Default', warning: 'Accent', error: 'Accent' };

const MAX_COMMENTS = 3;

/**
 * Renders the alert card (Adaptive Card 1.5) in `view.i18n`'s language and zone, showing only the verbs in
 * `view.actions`; pure, no I/O.
 */
export function renderAlertCard(alert: Alert, view: AlertCardView): AdaptiveCard {
  const data = toCardData(alert, view);
  const card = alertCardTemplate(data.labels).expand(data) as Record<string, unknown>;
  // `$when` on an object-valued property leaves `null` behind; the schema wants the key absent.
  if (card.refresh == null) delete card.refresh;
  else if (view.refreshUserIds) (card.refresh as Record<string, unknown>).userIds = [...view.refreshUserIds];
  const actions = Array.isArray(card.actions) ? (card.actions as unknown[]) : [];
  if (actions.length === 0) delete card.actions;
  else card.actions = foldOverflow(actions, data.labels.more);
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
  const { i18n } = view;
  const remediationChoices = remediationsFor(alert).map((value) => ({
    value,
    title: i18n.t(`remediation.action.${value}`),
  }));
  const comments = [...alert.comments].sort((a, b) => time(b.createdAt) - time(a.createdAt)).slice(0, MAX_COMMENTS);
  const title = oneLine(alert.title, 250) || i18n.t('alertCard.untitled');
  const full = view.detail === 'full';
  const matched = full && view.showMatchedContent ? (alert.matchedContent ?? []) : [];
  const mine = isViewersOwn(alert, view);
  const resolved = resolvedLine(alert, i18n);
  const subtitle = subtitleOf(alert, title);

  return {
    alertId: alert.id,
    version: alert.lastUpdatedAt,
    labels: alertCardLabels(i18n),
    fallbackText: i18n.t('alertCard.fallback', { severity: severityWord(i18n, alert.severity), title }),
    hasNotice: !!view.notice,
    noticeText: view.notice ? md(oneLine(view.notice.text, 500)) : '',
    noticeColor: view.notice ? NOTICE_COLOR[view.notice.tone] : 'Default',
    badges: alertBadges(alert, view.now, view.sla, mine, i18n),
    hasResolvedLine: !!resolved,
    resolvedLine: resolved ?? '',
    title: md(title),
    isResolved: !!resolved,
    hasSubtitle: subtitle !== '',
    subtitle,
    idText: i18n.t('alertCard.id', { id: md(oneLine(alert.id, 200)) }),
    facts: alertFacts(alert, {
      detail: full ? 'full' : 'summary',
      now: view.now,
      i18n,
      assignee: { displayName: view.assignee?.displayName, isViewer: mine },
    }),
    hasMatchedContent: matched.length > 0,
    matchedContent: matched.slice(0, 10).map((m) => md(oneLine(m, 200))),
    hasComments: comments.length > 0,
    comments: comments.map((c) => commentData(c, view.now, i18n)),
    classifyOptions: classifyOptions(alert, i18n),
    hasAssigneeChoices: (view.assigneeChoices?.length ?? 0) > 0,
    assigneeChoices: (view.assigneeChoices ?? []).map((c) => ({ title: md(oneLine(c.title, 80)), value: c.value })),
    statusValue: alert.status === 'unknown' ? '' : alert.status,
    statusChoices: statusChoices(i18n, alert.source),
    remediationChoices,
    hasShareLinks: (view.shareLinks?.length ?? 0) > 0,
    // The URL is ours (base URL and a base64url token), so it goes into the markdown link unescaped.
    shareLinks: (view.shareLinks ?? []).map((l) => ({
      text: i18n.t('alertCard.shareLink', { url: l.url, until: i18n.dateTime(l.expiresAt) }),
    })),
    ...incidentSectionData(view.incident, i18n),
    hasPortalUrl: !!alert.portalUrl,
    portalUrl: alert.portalUrl ?? '',
    show: shown(view.actions, mine, remediationChoices.length > 0),
  };
}

/**
 * Workload, policy and rule, leaving out each one the title already names (case-insensitively); none for
 * another product's alert, which has no DLP workload, policy or rule (its Source fact names the product).
 */
function subtitleOf(alert: Alert, title: string): string {
  if (isOtherSource(alert)) return '';
  const said = title.toLowerCase();
  return md(
    [alert.workload, alert.policyName, alert.ruleName]
      .filter((s): s is string => !!s && !said.includes(s.toLowerCase()))
      .map((s) => oneLine(s, 100))
      .join(' · '),
  );
}

function time(iso: string): number {
  return new Date(iso).getTime();
}
