import { renderAlertCard, renderNoticeCard, type NoticeTone } from '../../cards/alert-card.js';
import { renderAlertListCard } from '../../cards/alert-list-card.js';
import { CARD_VERBS, type CardVerb } from '../../cards/card-verbs.js';
import { channelSummary, type Alert } from '../../src/triage/alert.js';
import { Messages } from '../../src/i18n/messages.js';
import type { SeedAlerts } from './seed-tenant.js';

const i18n = new Messages().translator();

/** A card the product sends, by what it is. */
export interface ProductCard {
  name: string;
  card: unknown;
}

const EVERY_VERB: ReadonlySet<CardVerb> = new Set(CARD_VERBS);
const TONES: readonly NoticeTone[] = ['info', 'warning', 'error'];
const SHARE_LINK = {
  url: 'https://dlp-triage.contoso.example/share/4q2Vb0tUq9mS0pQJkXyZ1cD3eF5gH7iJ9kL1mN3oP5r',
  expiresAt: '2026-03-11T07:00:00.000Z',
};
const ASSIGNEES = [
  { title: 'Sam Analyst', value: 'a0000000-0000-4000-8000-000000000002' },
  { title: 'Emma Analyst', value: 'a0000000-0000-4000-8000-000000000003' },
  { title: 'Rui Responder', value: 'a0000000-0000-4000-8000-000000000004' },
];

/** An alert whose every value is as long as the card may ever get, none with a place to break. */
function longValues(alert: Alert): Alert {
  const long = (s: string) => s.replace(/ /g, '-').repeat(3);
  return {
    ...alert,
    id: `${alert.id}-long`,
    title: long(alert.title),
    policyName: long(alert.policyName ?? 'Contoso PCI External Sharing'),
    ruleName: long('High volume of card numbers'),
    assignedTo: 'alexandra.konstantinopoulou-papadopoulou@contoso-subsidiary-emea-north.onmicrosoft.com',
    subject: {
      id: alert.subject?.id ?? 'a0000000-0000-4000-8000-000000000099',
      displayName: 'Alexandra Konstantinopoulou-Papadopoulou',
      userPrincipalName: 'alexandra.konstantinopoulou-papadopoulou@contoso-subsidiary-emea-north.onmicrosoft.com',
    },
    file: {
      name: 'Customer-Cardholder-Data-Export-2026-09-30-FINAL-v7-reviewed-by-finance-and-legal.xlsx',
      url:
        'https://contoso-my.sharepoint.com/personal/alexandra_konstantinopoulou_contoso_subsidiary_emea_onmicrosoft_com/' +
        'Documents/Finance-Reconciliation-2026/Quarterly-Card-Exports/Customer-Cardholder-Data-Export-2026-09-30.xlsx',
    },
    sensitiveInfoTypes: [
      { name: 'International Banking Account Number (IBAN)', count: 1234 },
      { name: 'U.K. National Insurance Number (NINO)', count: 56 },
      { name: 'EU Debit Card Number', count: 7 },
    ],
    matchedContent: ['DE89370400440532013000DE89370400440532013000DE89370400440532013000'],
    comments: [
      {
        author: 'Alexandra Konstantinopoulou-Papadopoulou',
        text: 'https://contoso.sharepoint.com/sites/finance/Shared%20Documents/Reconciliation/2026/Q3/evidence.xlsx',
        createdAt: alert.createdAt,
      },
    ],
  };
}

/** Seed alerts enough to show every severity, status, workload and classification at least once. */
export function representatives(alerts: readonly Alert[]): Alert[] {
  const facets = (a: Alert) => [`s:${a.severity}`, `t:${a.status}`, `w:${a.workload}`, `c:${a.classification}`];
  const missing = new Set(alerts.flatMap(facets));
  const chosen: Alert[] = [];
  while (missing.size > 0) {
    const best = alerts.reduce((x, y) => (gain(y) > gain(x) ? y : x));
    chosen.push(best);
    facets(best).forEach((f) => missing.delete(f));
  }
  return chosen;

  function gain(a: Alert): number {
    return facets(a).filter((f) => missing.has(f)).length;
  }
}

/** The three views of one alert: the channel card, the user's view and the details view, with every verb. */
function viewsOf(alert: Alert, now: Date): ProductCard[] {
  const what = `${alert.id} (${alert.severity}, ${alert.status}, ${alert.workload})`;
  const channel = { actions: new Set<CardVerb>(['alert.refresh']), now, shareLinks: [SHARE_LINK], i18n };
  const user = { actions: EVERY_VERB, assigneeChoices: ASSIGNEES, shareLinks: [SHARE_LINK], now, i18n };
  const full = { ...user, detail: 'full' as const, showMatchedContent: true };
  return [
    { name: `channel card of ${what}`, card: renderAlertCard(channelSummary(alert), channel) },
    { name: `summary view of ${what}`, card: renderAlertCard(alert, user) },
    { name: `full view of ${what}`, card: renderAlertCard(alert, full) },
  ];
}

/** Each notice tone, on an alert card and as a notice card of its own. */
function noticeCards(alert: Alert, now: Date): ProductCard[] {
  return TONES.flatMap((tone) => [
    {
      name: `summary view of ${alert.id} with a ${tone} notice`,
      card: renderAlertCard(alert, {
        actions: EVERY_VERB,
        assigneeChoices: ASSIGNEES,
        notice: { text: `Assigned to Sam Analyst. (${tone} notice)`, tone },
        now,
        i18n,
      }),
    },
    {
      name: `${tone} notice card`,
      card: renderNoticeCard(
        'This alert cannot be shown',
        `The alert is outside your administrative units (${tone}).`,
        tone,
      ),
    },
  ]);
}

/**
 * Every alert card the product sends, over the seed's DLP alerts: the channel card, the user's view and the
 * details view with every verb (the renderer harness opens their show cards), notices, and the lists, with
 * an alert whose values are as long as they get.
 */
export function alertCards(seed: SeedAlerts, now: Date): ProductCard[] {
  const dlp = seed.alerts.filter((a) => a.source === 'dataLossPrevention');
  const long = longValues(dlp[0]!);
  const threadUrl = (a: Alert) => `https://teams.microsoft.com/l/message/19%3Atriage%40thread.tacv2/${a.id}`;
  const empty = 'No open alerts are assigned to you.';
  return [
    ...representatives(dlp).flatMap((alert) => viewsOf(alert, now)),
    ...noticeCards(dlp[0]!, now),
    {
      name: 'full view with very long values',
      card: renderAlertCard(long, {
        actions: EVERY_VERB,
        detail: 'full',
        showMatchedContent: true,
        assigneeChoices: ASSIGNEES,
        shareLinks: [SHARE_LINK],
        notice: { text: `Could not assign to ${long.assignedTo}: not a member of this team.`, tone: 'warning' },
        now,
        i18n,
      }),
    },
    {
      name: 'list card (my alerts)',
      card: renderAlertListCard(`My open alerts (${dlp.length})`, [long, ...dlp], now, empty, { threadUrl, i18n }),
    },
    { name: 'empty list card', card: renderAlertListCard('My open alerts (0)', [], now, empty, { i18n }) },
  ];
}
