import { strict as assert } from 'node:assert';
import { renderAlertCard } from '../../../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import type { Alert } from '../../../src/triage/alert.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { alertWith } from '../../support/alerts.js';
import { CardLayout } from '../../support/card-layout.js';
import { Messages } from '../../../src/i18n/messages.js';

const i18n = new Messages().translator({ locale: 'en-US' });

/*
 * Layout of the details view as an Adaptive Cards host draws it: the card is rendered by the `adaptivecards`
 * JavaScript renderer (the one the Agents Playground and web hosts use) in headless Chromium at a phone
 * width (320 px) and a narrow pane (500 px). Long values, such as a OneDrive path without spaces, must
 * wrap inside the card instead of widening it, and every sensitive information type must stay readable.
 */

const SENSITIVE_TYPES = [
  'Credit Card Number',
  'International Banking Account Number (IBAN)',
  'EU Debit Card Number',
  'U.S. Social Security Number (SSN)',
  'U.K. National Insurance Number (NINO)',
  'Germany Identity Card Number',
  'France National ID Card (CNI)',
  'Spain Social Security Number (SSN)',
];

const longPathAlert: Alert = alertWith('dl-long-path', {
  title: 'DLP policy match: cardholder data in a OneDrive file shared with an external guest',
  createdAt: '2026-11-23T14:05:00Z',
  lastUpdatedAt: '2026-11-23T15:00:00Z',
  workload: 'OneDrive',
  policyName: 'PCI-DSS external sharing',
  ruleName: 'High volume of card numbers',
  subject: {
    id: '7d1f0c2e-0000-4000-8000-000000000001',
    displayName: 'Alexandra Konstantinopoulou',
    userPrincipalName: 'alexandra.konstantinopoulou@contoso-subsidiary-emea.onmicrosoft.com',
  },
  file: {
    name: 'Customer-Cardholder-Data-Export-2026-09-30-FINAL-v7-reviewed.xlsx',
    url:
      'https://contoso-my.sharepoint.com/personal/alexandra_konstantinopoulou_contoso_subsidiary_emea_onmicrosoft_com/Documents/' +
      'Finance-Reconciliation-2026/Quarterly-Card-Exports/Q3-Final-Versions/Customer-Cardholder-Data-Export-2026-09-30-FINAL-v7-reviewed.xlsx',
  },
  sensitiveInfoTypes: SENSITIVE_TYPES.map((name, i) => ({ name, count: 10 * (i + 1) + 7 })),
  assignedTo: 'alexandra.konstantinopoulou@contoso-subsidiary-emea.onmicrosoft.com',
});

/** Every triage fact at its longest, with all three badges (severity, past SLA, assigned to you). */
const triageAlert: Alert = {
  ...longPathAlert,
  id: 'dl4f7c2a9e-3b1d-4e6a-9c2f-8a7b6c5d4e3f',
  subject: { ...longPathAlert.subject, department: 'Finance Reconciliation and Treasury Operations (EMEA)' },
  policyOutcome: {
    action: 'blockedWithOverride',
    overridden: true,
    justification:
      'Our external auditor needs the reconciliation export before the quarterly close; approved by the CFO',
  },
  destination: {
    recipients: [
      'external.auditor.partner.team@fabrikam-partners-assurance-services.com',
      'j.doe@fabrikam-partners.com',
    ],
    externalDomains: ['fabrikam-partners-assurance-services.com', 'fabrikam-partners.com'],
    scope: 'external',
  },
};

describe('alert card layout in the Adaptive Cards renderer (headless Chromium)', function () {
  this.timeout(60_000);
  let layout: CardLayout | undefined;

  before(async () => {
    layout = await CardLayout.open();
  });

  after(async () => {
    await layout?.close();
  });

  const details = renderAlertCard(longPathAlert, {
    actions: new Set<CardVerb>(CARD_VERBS),
    now: new Date('2026-11-23T17:10:00Z'),
    detail: 'full',
    i18n,
  });

  const triage = renderAlertCard(triageAlert, {
    actions: new Set<CardVerb>(CARD_VERBS),
    now: new Date('2026-11-23T20:10:00Z'),
    detail: 'full',
    i18n,
    sla: { high: 4, medium: 24, low: 72 },
    viewer: { id: 'a0000000-0000-4000-8000-000000000002' },
    assignee: { id: 'a0000000-0000-4000-8000-000000000002', displayName: 'Alexandra Konstantinopoulou' },
  });

  it('the details card for a very long OneDrive path is a valid Adaptive Card 1.5', () => {
    assert.deepEqual(validateAdaptiveCard(details), []);
    assert.deepEqual(validateAdaptiveCard(triage), []);
  });

  for (const width of [320, 500]) {
    it(`at ${width} px, the badges, the alert id and every triage fact stay inside the card`, async () => {
      const texts = [
        'High severity',
        'Past SLA by 2 h',
        'Assigned to you',
        'ID: dl4f7c2a9e-3b1d-4e6a-9c2f-8a7b6c5d4e3f',
        'approved by the CFO',
        'fabrikam-partners-assurance-services.com',
        'Treasury Operations',
      ];
      const result = await layout!.measure(triage, width, texts);
      assert.ok(result.cardWidth <= width + 0.5, `the card is ${result.cardWidth} px wide in a ${width} px host`);
      assert.deepEqual(result.outside, [], 'no element reaches past the card');
      assert.deepEqual(result.hidden, [], 'every badge and fact is drawn inside the visible card');
    });
  }

  for (const width of [320, 500]) {
    it(`at ${width} px, long values wrap inside the card and every sensitive information type is readable`, async () => {
      const result = await layout!.measure(details, width, [...SENSITIVE_TYPES, 'Customer-Cardholder-Data-Export']);
      assert.ok(result.cardWidth <= width + 0.5, `the card is ${result.cardWidth} px wide in a ${width} px host`);
      assert.deepEqual(result.outside, [], 'no element reaches past the card');
      assert.deepEqual(result.hidden, [], 'every sensitive type (and the file name) is drawn inside the visible card');
    });
  }
});
