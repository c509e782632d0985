import { strict as assert } from 'node:assert';
import { renderAlertCard } from '../../../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import { renderIncidentCard } from '../../../cards/incident-card.js';
import { INCIDENT_ACTION_VERBS } from '../../../cards/incident-card-actions.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { alertWith } from '../../support/alerts.js';
import { CardLayout } from '../../support/card-layout.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { incidentWith } from '../../support/memory-incident-store.js';
import { PaddedTranslator } from '../../support/padded-translator.js';

/*
 * The incident card and an alert card's incident section as the Agents Playground draws them (the
 * `adaptivecards` renderer in headless Chromium) at a phone's 320 px, with text 40 % longer than English,
 * in German and in Japanese: nothing reaches past the card and the headings are drawn inside it.
 */

const NOW = new Date('2026-11-23T17:10:00Z');
const LONG = 'Multi-stage incident involving Exfiltration on one endpoint reported by multiple sources';

function cards(i18n: Translator): Record<string, unknown> {
  const incident = incidentWith('2972395', {
    displayName: LONG,
    customTags: ['VIP', 'Finance', 'Escalated to legal'],
    systemTags: ['Defender Experts'],
    assignedTo: 'rui.responder@contoso.example',
    incidentUrl: 'https://security.microsoft.com/incidents/2972395?tid=72f988bf',
  });
  const alerts = [
    alertWith('dl01', { title: 'DLP policy match for document Q3 card export.xlsx in SharePoint', severity: 'high' }),
    alertWith('da02', { title: 'Possible data exfiltration', source: 'microsoftDefenderForEndpoint' }),
  ];
  const context = {
    id: incident.id,
    name: LONG,
    alertCount: 3,
    otherSources: [{ source: 'microsoftDefenderForEndpoint', count: 2 }],
    severity: 'high' as const,
    status: 'inProgress' as const,
    customTags: incident.customTags,
    url: incident.incidentUrl,
    version: incident.lastUpdatedAt,
  };
  return {
    incident: renderIncidentCard({
      incident,
      alerts,
      allowed: new Set(INCIDENT_ACTION_VERBS),
      i18n,
      fromAlertId: 'dl01',
    }),
    alertWithIncident: renderAlertCard(alerts[0]!, {
      actions: new Set<CardVerb>(CARD_VERBS),
      i18n,
      now: NOW,
      incident: context,
    }),
  };
}

describe('the incident card and the incident section stay inside 320 px when the text grows (headless Chromium)', function () {
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
    it(`${who}: valid cards, nothing reaches past them, their headings drawn inside`, async () => {
      for (const [name, card] of Object.entries(cards(i18n))) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        const heading =
          name === 'incident' ? i18n.t('incident.yourAlerts') : i18n.t('incident.section.title', { name: LONG });
        const result = await layout!.measure(card, 320, [heading.slice(0, 12)]);
        assert.ok(result.cardWidth <= 320.5, `${name}: ${result.cardWidth} px wide in a 320 px host`);
        assert.deepEqual(result.outside, [], `${name}: nothing reaches past the card`);
        assert.deepEqual(result.hidden, [], `${name}: its headings are drawn inside the card`);
      }
    });
  }
});
