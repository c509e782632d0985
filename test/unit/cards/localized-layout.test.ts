import { strict as assert } from 'node:assert';
import { renderAlertCard } from '../../../cards/alert-card.js';
import { renderAlertListCard } from '../../../cards/alert-list-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import { renderHistoryCard } from '../../../cards/history-card.js';
import { renderHelpCard } from '../../../cards/help-card.js';
import { renderRemediationPlanCard, renderRemediationResultCard } from '../../../cards/remediation-card.js';
import type { MessageKey } from '../../../src/i18n/catalogue.js';
import { Messages, type MessageValues } from '../../../src/i18n/messages.js';
import { Translator } from '../../../src/i18n/translator.js';
import { alertWith } from '../../support/alerts.js';
import { CardLayout } from '../../support/card-layout.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { shownTexts } from '../../support/localized-texts.js';
import { REMEDIATION_ALERT, SHARING_PLAN, sharingRun } from '../../support/remediation-fixtures.js';

/**
 * A pseudo-locale: every English message 40 % longer, as German or French often are, with accented
 * letters and long words (a German compound does not break where a space would), so layout is tested
 * against text that grows, not against English.
 */
class PaddedTranslator extends Translator {
  constructor() {
    super(new Messages(), 'en', 'en-US', 'UTC');
  }

  override t(key: MessageKey, values?: MessageValues): string {
    const text = super.t(key, values);
    const extra = Math.ceil(text.length * 0.4);
    const padding = 'Ŵöřđŝťàçķéñůñĝ'.repeat(Math.ceil(extra / 14)).slice(0, extra);
    return `${text} ${padding}`;
  }
}

const NOW = new Date('2026-11-23T18:00:00.000Z');
const ALERTS = [
  alertWith('dl-1', { title: 'Card numbers in an e-mail to a partner', createdAt: '2026-11-23T15:00:00Z' }),
  alertWith('dl-2', { title: 'Passport scan shared with an external guest', severity: 'medium' }),
];

function cards(i18n: Translator): Record<string, unknown> {
  const help = [
    { usage: i18n.t('commands.digest.usage'), description: i18n.t('commands.digest.description') },
    { usage: i18n.t('commands.triageHere.usage'), description: i18n.t('commands.triageHere.description') },
  ];
  return {
    help: renderHelpCard(help, i18n, i18n.t('help.notUnderstood', { text: 'frobnicate' })),
    list: renderAlertListCard(i18n.t('lists.myAlertsHidden', { count: 2, hidden: 3 }), ALERTS, NOW, 'none', {
      i18n,
      threadUrl: () => 'https://teams.microsoft.com/l/message/19:a/1',
    }),
    plan: renderRemediationPlanCard(REMEDIATION_ALERT, { ...SHARING_PLAN, mode: 'dryRun' }, i18n),
    result: renderRemediationResultCard(sharingRun('doneButExposed'), i18n),
    alert: renderAlertCard(TRIAGE_ALERT, {
      actions: new Set<CardVerb>(CARD_VERBS),
      detail: 'full',
      now: NOW,
      i18n,
      sla: { high: 1, medium: 24, low: 72 },
      viewer: { id: SAM },
      assignee: { id: SAM, displayName: 'Sam Analyst' },
      shareLinks: [{ url: 'https://triage.contoso.example/share/abc', expiresAt: '2026-11-30T14:05:00Z' }],
      notice: { text: i18n.t('errors.stale'), tone: 'warning' },
    }),
    history: renderHistoryCard(TRIAGE_ALERT, HISTORY, {
      names: new Map([[SAM, 'Sam Analyst']]),
      showTargets: true,
      limit: 2,
      i18n,
    }),
  };
}

const SAM = 'a0000000-0000-4000-8000-000000000002';
/** Every triage fact and badge of the alert card, with long values. */
const TRIAGE_ALERT = alertWith('dl4f7c2a9e-3b1d-4e6a-9c2f-8a7b6c5d4e3f', {
  title: 'Card numbers in an e-mail to a partner',
  createdAt: '2026-11-23T15:00:00Z',
  policyName: 'Contoso PCI - External Sharing',
  assignedTo: 'sam@contoso.example',
  subject: {
    displayName: 'Alexandra Konstantinopoulou',
    userPrincipalName: 'alexandra@contoso.example',
    department: 'Finance',
  },
  file: { name: 'Customer-Cardholder-Data-Export-2026-09-30-FINAL.xlsx' },
  message: { subject: 'Q3 export', recipients: ['j.doe@fabrikam.example', 'ap@tailspin.example'] },
  sensitiveInfoTypes: [{ name: 'Credit Card Number', count: 27, confidence: 'high' }],
  destination: { recipients: ['j.doe@fabrikam.example'], externalDomains: ['fabrikam.example'], scope: 'external' },
  policyOutcome: { action: 'blockedWithOverride', overridden: true },
  comments: [{ author: 'Sam Analyst', text: 'Looks real', createdAt: '2026-11-23T16:00:00Z' }],
  portalUrl: 'https://security.microsoft.com/alerts/dl4f7c2a9e',
});
const HISTORY = [
  {
    at: '2026-11-23T16:02:00.000Z',
    actor: { id: SAM },
    action: 'alert.classify',
    alertId: TRIAGE_ALERT.id,
    outcome: 'success' as const,
    details: {
      classification: 'informationalExpectedActivity',
      determination: 'lineOfBusinessApplication',
      resolved: true,
    },
  },
  {
    at: '2026-11-23T16:05:00.000Z',
    actor: { id: SAM },
    action: 'alert.remediate.confirm',
    alertId: TRIAGE_ALERT.id,
    outcome: 'success' as const,
    details: { remediation: 'applySensitivityLabel', status: 'doneButExposed' },
  },
];

const shownLength = (card: unknown) => shownTexts(card).join('').length;

/** Words from the start of each message that must be drawn inside the card. */
const visible = (i18n: Translator): string[] => [
  i18n.t('help.title').slice(0, 12),
  i18n.t('remediation.dryRunMode').slice(0, 12),
  i18n.t('remediation.run.doneButExposed').slice(0, 12),
  i18n.t('alertCard.badge.assignedToYou').slice(0, 12),
  i18n.t('alertCard.fact.policyAction').slice(0, 12),
  i18n.t('alertCard.fact.sensitiveInfo').slice(0, 12),
  i18n.t('alertCard.fact.assignedTo').slice(0, 12),
  i18n.t('history.latest').slice(0, 12),
];

describe('converted cards stay inside 320 px when the text grows (headless Chromium, adaptivecards renderer)', function () {
  this.timeout(60_000);
  let layout: CardLayout | undefined;
  before(async () => {
    layout = await CardLayout.open();
  });
  after(async () => {
    await layout?.close();
  });

  const messages = new Messages();
  const readers: [string, Translator][] = [
    ['a pseudo-locale 40 % longer than English', new PaddedTranslator()],
    ['German', messages.translator({ locale: 'de-DE', timeZone: 'Europe/Berlin' })],
    ['Japanese', messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' })],
  ];
  for (const [who, i18n] of readers) {
    it(`${who}: every card is valid, nothing reaches past the card, and the texts are drawn inside it`, async () => {
      const drawn = cards(i18n);
      const english = cards(messages.translator());
      for (const [name, card] of Object.entries(drawn)) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        if (i18n instanceof PaddedTranslator)
          assert.ok(shownLength(card) > shownLength(english[name]) * 1.1, `${name}: its text grew`);
        const texts = visible(i18n).filter((t) => JSON.stringify(card).includes(t));
        const result = await layout!.measure(card, 320, texts);
        assert.ok(result.cardWidth <= 320.5, `${name}: ${result.cardWidth} px wide in a 320 px host`);
        assert.deepEqual(result.outside, [], `${name}: nothing reaches past the card`);
        assert.deepEqual(result.hidden, [], `${name}: its texts are drawn inside the card`);
      }
    });
  }
});
