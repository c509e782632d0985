import { strict as assert } from 'node:assert';
import { renderAlertCard } from '../../../cards/alert-card.js';
import type { CardVerb } from '../../../cards/card-verbs.js';
import { checkCompiledAgainstLibrary } from '../../../cards/compiled-template.js';
import { renderIncidentCard } from '../../../cards/incident-card.js';
import { INCIDENT_ACTION_VERBS } from '../../../cards/incident-card-actions.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { IncidentContext } from '../../../src/triage/incidents/incident-context.js';
import { alertWith } from '../../support/alerts.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { textsOf, verbsIn } from '../../support/card-tree.js';
import { incidentWith } from '../../support/memory-incident-store.js';

const NOW = new Date('2026-11-23T17:10:00Z');
const messages = new Messages();
const en = messages.translator({ locale: 'en-US' });

const CONTEXT: IncidentContext = {
  id: '2972395',
  name: 'Multi-stage incident *involving* <b>Exfiltration</b>',
  alertCount: 3,
  otherSources: [{ source: 'microsoftDefenderForEndpoint', count: 2 }],
  severity: 'high',
  status: 'inProgress',
  customTags: ['VIP', 'Finance [x](https://evil)'],
  url: 'https://security.microsoft.com/incidents/2972395?tid=t',
  version: '2026-11-23T15:00:00Z',
};

describe('incident cards (pure)', () => {
  before(() => checkCompiledAgainstLibrary(true));
  after(() => checkCompiledAgainstLibrary(false));

  it('the alert card has the incident section: name, count with other sources, severity, status, tags, link, Show incident', () => {
    const alert = alertWith('dl01', { title: 'Card numbers', incidentId: '2972395' });
    const card = renderAlertCard(alert, {
      actions: new Set<CardVerb>(['alert.refresh']),
      i18n: en,
      now: NOW,
      incident: CONTEXT,
    });
    validateAdaptiveCard(card);
    const texts = textsOf(card).join('\n');
    assert.match(texts, /Incident: Multi-stage incident \\\*involving\\\* \\<b\\>Exfiltration\\<\/b\\>/);
    assert.match(texts, /High · In progress · 3 alerts, with 2 Defender for Endpoint alerts/);
    assert.match(texts, /Tags: VIP, Finance \\\[x\\\]\(https:\/\/evil\)/);
    assert.ok(verbsIn(card).has('incident.show'));
    assert.match(JSON.stringify(card), /"url":"https:\/\/security\.microsoft\.com\/incidents\/2972395\?tid=t"/);
    const without = renderAlertCard(alert, { actions: new Set<CardVerb>(['alert.refresh']), i18n: en, now: NOW });
    assert.ok(!verbsIn(without).has('incident.show'));
    assert.doesNotMatch(textsOf(without).join('\n'), /Incident:/);
  });

  it('the section is worded in every language', () => {
    const de = messages.translator({ locale: 'de-DE' });
    const card = renderAlertCard(alertWith('dl02', {}), {
      actions: new Set<CardVerb>(),
      i18n: de,
      now: NOW,
      incident: CONTEXT,
    });
    assert.match(
      textsOf(card).join('\n'),
      /Vorfall: .*\n.*Hoch · In Bearbeitung · 3 Warnungen, mit 2 Warnungen von Defender for Endpoint/,
    );
  });

  it('the incident card lists only the alerts given, escapes text, offers only the allowed forms', () => {
    const incident = incidentWith('2972395', {
      displayName: '**bold** name',
      customTags: ['VIP'],
      assignedTo: 'sam@contoso.com',
    });
    const alerts = [
      alertWith('dl03', { title: 'Seen _one_', source: 'microsoftDefenderForEndpoint', severity: 'high' }),
    ];
    const card = renderIncidentCard({ incident, alerts, allowed: new Set(['incident.tag']), i18n: en });
    validateAdaptiveCard(card);
    const texts = textsOf(card).join('\n');
    assert.match(texts, /\\\*\\\*bold\\\*\\\* name/);
    assert.match(texts, /Seen \\_one\\_\n.*High · Defender for Endpoint · New · Unassigned/);
    assert.deepEqual([...verbsIn(card)].sort(), ['alert.open', 'incident.show', 'incident.tag']);
    const all = renderIncidentCard({ incident, alerts, allowed: new Set(INCIDENT_ACTION_VERBS), i18n: en });
    validateAdaptiveCard(all);
    assert.deepEqual([...verbsIn(all)].sort(), ['alert.open', ...INCIDENT_ACTION_VERBS, 'incident.show'].sort());
  });

  it('names the owner and each assignee as the directory does, and keeps a principal name it could not resolve', () => {
    const incident = incidentWith('48031', { assignedTo: 'Sam.Analyst@contoso.example' });
    const alerts = [
      alertWith('dl01', { title: 'One', assignedTo: 'emma.analyst@contoso.example' }),
      alertWith('dl02', { title: 'Two', assignedTo: 'ghost@contoso.example' }),
    ];
    const names = new Map([
      ['sam.analyst@contoso.example', 'Sam Analyst'],
      ['emma.analyst@contoso.example', 'Emma *Analyst*'],
    ]);
    const texts = textsOf(renderIncidentCard({ incident, alerts, allowed: new Set(), i18n: en, names })).join('\n');
    assert.match(texts, /Sam Analyst/);
    assert.doesNotMatch(texts, /Sam\.Analyst@contoso\.example/);
    assert.match(texts, /Emma \\\*Analyst\\\*/, 'a display name is escaped like any text');
    assert.match(texts, /ghost@contoso\.example/);
  });
});
