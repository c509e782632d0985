import { strict as assert } from 'node:assert';
import { renderInvestigatingCard, renderInvestigationCard } from '../../../cards/investigation-card.js';
import type { ActivityEvent } from '../../../src/triage/investigation/activity.js';
import {
  activityQuery,
  advancedHuntingUrl,
  DLP_EVENTS_COMMENT,
  dlpEventQuery,
  shownQueries,
} from '../../../src/triage/investigation/hunting-query.js';
import { summarise, type Investigation } from '../../../src/triage/investigation/investigation.js';
import { alertWith } from '../../support/alerts.js';
import { CardLayout } from '../../support/card-layout.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { executeActions, textsOf } from '../../support/card-tree.js';

const USER = 'a0000000-0000-4000-8000-000000000009';
const LONG_FILE = 'Customer-Cardholder-Data-Export-2026-09-30-FINAL-v7-reviewed-by-finance-and-legal.xlsx';
const alert = alertWith('dl-inv-1', {
  title: 'DLP policy (PCI) matched for document (q3.xlsx) in OneDrive',
  subject: { id: USER, displayName: 'Priya [Finance]', userPrincipalName: 'priya@contoso.example' },
  file: { name: 'q3.xlsx' },
  incidentId: 'inc-7',
  evidence: [
    { kind: 'user', name: 'priya@contoso.example', roles: ['policyViolator'], verdict: 'suspicious' },
    { kind: 'file', name: LONG_FILE, roles: ['source'] },
    { kind: 'cloudApp', name: 'Microsoft OneDrive for Business', roles: ['contextual'] },
  ],
});
const at = (m: number) => new Date(Date.parse('2026-03-10T10:00:00Z') + m * 60_000).toISOString();
const events: ActivityEvent[] = [
  {
    at: at(1),
    actionType: 'FileDownloaded',
    application: 'Microsoft OneDrive for Business',
    objectName: LONG_FILE,
    countryCode: 'DE',
    ipAddress: '198.51.100.7',
    uncommonForUser: false,
  },
  {
    at: at(5),
    actionType: 'AnonymousLinkCreated',
    application: 'Microsoft OneDrive for Business',
    objectName: '[click](https://evil.example)',
    countryCode: 'BR',
    uncommonForUser: true,
  },
];
const query = activityQuery(USER, new Date('2026-03-10T08:00:00Z'), new Date('2026-03-10T13:00:00Z'));
const kql = shownQueries(query, dlpEventQuery(USER, new Date(query.from), new Date(query.to)));
const investigation = (extra: Partial<Investigation> = {}): Investigation => ({
  alert,
  window: { from: query.from, to: query.to },
  activity: { kind: 'events', summary: summarise(events, 2) },
  related: {
    incident: [
      alertWith('mde-1', {
        title: 'Suspicious file copy to USB',
        source: 'microsoftDefenderForEndpoint',
        severity: 'medium',
      }),
    ],
    user: [alertWith('dl-old', { classification: 'falsePositive', determination: 'notMalicious' })],
    file: [],
  },
  history: {
    last30Days: 1,
    last90Days: 3,
    truePositive: 0,
    falsePositive: 2,
    informational: 0,
    latest: { classification: 'falsePositive', determination: 'notMalicious', at: '2026-02-01T10:00:00Z' },
  },
  evidence: alert.evidence!,
  kql,
  huntingUrl: advancedHuntingUrl(kql),
  problems: [],
  ...extra,
});

describe('investigation card', () => {
  it('is a valid Adaptive Card 1.5 with the five sections, Open buttons for related alerts and the hunting link', () => {
    const card = renderInvestigationCard(investigation());
    assert.deepEqual(validateAdaptiveCard(card), []);
    const texts = textsOf(card).join('\n');
    for (const part of [
      'Activity around the alert',
      'Same incident (1)',
      'Same user, last 30 days (1)',
      "The user's history",
      'Evidence',
      'The query',
    ]) {
      assert.ok(texts.includes(part), part);
    }
    assert.match(texts, /uncommon for this user/);
    assert.match(texts, /2 false positive/);
    assert.deepEqual(
      executeActions(card)
        .filter((a) => a.verb === 'alert.open')
        .map((a) => a.data.alertId),
      ['mde-1', 'dl-old'],
    );
    assert.ok(JSON.stringify(card).includes('"Open in advanced hunting"'));
  });

  it('escapes what the data says: object names and user names cannot add links or formatting', () => {
    const texts = textsOf(renderInvestigationCard(investigation())).join('\n');
    assert.ok(texts.includes('\\[click\\](https://evil.example)'));
    assert.ok(texts.includes('Priya \\[Finance\\]'));
  });

  it('a DLP event of DataSecurityEvents reads as a DLP match with its enforcement; the query section shows both queries', () => {
    const dlp: ActivityEvent = {
      at: at(3),
      actionType: 'FileUploaded',
      application: 'OneDrive',
      objectName: 'q3.xlsx',
      uncommonForUser: false,
      dlpEnforcement: 'warnOverridden',
    };
    const card = renderInvestigationCard(
      investigation({ activity: { kind: 'events', summary: summarise([...events, dlp], 3) } }),
    );
    assert.deepEqual(validateAdaptiveCard(card), []);
    const texts = textsOf(card);
    assert.ok(
      texts.some((t) => t.includes('DLP match (warned, overridden) · FileUploaded · q3.xlsx · OneDrive')),
      texts.join('\n'),
    );
    const shown = texts.find((t) => t.includes('CloudAppEvents'))!;
    assert.ok(shown.includes(DLP_EVENTS_COMMENT) && shown.includes('DataSecurityEvents'), shown);
  });

  it('says in one line when the tenant records no activity, and offers a retry when the query could not run', () => {
    const notRecorded = textsOf(renderInvestigationCard(investigation({ activity: { kind: 'notRecorded' } }))).join(
      '\n',
    );
    assert.match(notRecorded, /does not record user activity/);
    const throttled = renderInvestigationCard(
      investigation({ activity: { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 30 } }),
    );
    assert.match(textsOf(throttled).join('\n'), /was throttled\. Try again in 30 s/);
    assert.ok(executeActions(throttled).some((a) => a.verb === 'alert.investigate'));
    assert.deepEqual(validateAdaptiveCard(throttled), []);
  });

  it('the waiting card names nothing of the alert and is refreshed for the clicker only', () => {
    const card = renderInvestigatingCard('dl-inv-1', '29:sam');
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.ok(!JSON.stringify(card).includes(alert.title));
    assert.deepEqual((card.refresh as { userIds: string[] }).userIds, ['29:sam']);
  });

  describe('layout in the Adaptive Cards renderer (headless Chromium)', function () {
    this.timeout(60_000);
    let layout: CardLayout | undefined;
    before(async () => {
      layout = await CardLayout.open();
    });
    after(async () => {
      await layout?.close();
    });

    for (const width of [320, 500]) {
      it(`at ${width} px nothing reaches past the card and the long file name and the query stay readable`, async () => {
        const result = await layout!.measure(renderInvestigationCard(investigation()), width, [
          LONG_FILE.slice(0, 30),
          'CloudAppEvents',
          'DataSecurityEvents',
        ]);
        assert.ok(result.cardWidth <= width + 0.5, `${result.cardWidth} px in ${width}`);
        assert.deepEqual(result.outside, []);
        assert.deepEqual(result.hidden, []);
      });
    }
  });
});
