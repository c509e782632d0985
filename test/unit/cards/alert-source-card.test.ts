import { strict as assert } from 'node:assert';
import { renderAlertCard, type AlertCardView } from '../../../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import { mapGraphAlert } from '../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import { Messages } from '../../../src/i18n/messages.js';
import { channelSummary, type Alert } from '../../../src/triage/alert.js';
import { factsOf } from '../../support/card-facts.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';

/*
 * Source-aware alert cards: a Defender for Cloud alert shows its product, the Azure resource, MITRE
 * ATT&CK tactics and techniques, the recommended actions and Defender for Cloud's word for a new alert
 * ("Active"); a Sentinel alert links to its incident; a DLP alert's card has none of it.
 */

const NOW = new Date();
const messages = new Messages();
const en = messages.translator({ locale: 'en-US' });
const view = (extra: Partial<AlertCardView> = {}): AlertCardView => ({
  actions: new Set<CardVerb>(CARD_VERBS),
  now: NOW,
  i18n: en,
  ...extra,
});
const tenant = buildSeedTenant(NOW);
const raws = tenant.alerts as Record<string, any>[];
const cloudRaw = (key: string) =>
  raws.find((r) => r.serviceSource === 'microsoftDefenderForCloud' && r.title.includes(key))!;
const keyVault = () => mapGraphAlert(cloudRaw('key vault'));

describe('alert card of another product than DLP', () => {
  it('Defender for Cloud: resource, tactics, techniques, recommended actions, "Active", in the channel summary too', () => {
    const card = renderAlertCard(channelSummary(keyVault()), view({ actions: new Set(['alert.refresh']) }));
    assert.deepEqual(validateAdaptiveCard(card), []);
    const facts = factsOf(card);
    assert.equal(facts.Source, 'Microsoft Defender for Cloud');
    assert.equal(facts.Resource, 'kv-payments-prod (Microsoft.KeyVault/vaults)');
    assert.equal(facts.Tactics, 'Credential Access');
    assert.equal(
      facts.Techniques,
      '[T1555](https://attack.mitre.org/techniques/T1555/), [T1078.004](https://attack.mitre.org/techniques/T1078/004/)',
    );
    assert.match(facts['Recommended actions']!, /^Confirm with the account owner/);
    assert.equal(facts.Status, 'Active');
    assert.equal(facts['Policy action'], undefined, 'no DLP fact, not even "not provided"');
    assert.ok(!JSON.stringify(card).includes('daniel'), 'the summary names no user');
    assert.ok(!JSON.stringify(card).includes('Other'), 'no DLP workload under the title');
  });

  it('the details view adds the full resource id; the status choices use the product words', () => {
    const card = renderAlertCard(keyVault(), view({ detail: 'full' }));
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.match(
      factsOf(card).Resource!,
      /^kv-payments-prod \(Microsoft\.KeyVault\/vaults\) · \/subscriptions\/[0-9a-f-]+\/resourceGroups\/rg-payments-prod\/providers\/Microsoft\.KeyVault\/vaults\/kv-payments-prod$/,
    );
    assert.ok(JSON.stringify(card).includes('"title":"Active","value":"new"'));
  });

  it('in German: the labels and the state are translated, product and MITRE names are not', () => {
    const facts = factsOf(renderAlertCard(keyVault(), view({ i18n: messages.translator({ locale: 'de-DE' }) })));
    assert.equal(facts.Quelle, 'Microsoft Defender for Cloud');
    assert.equal(facts.Taktiken, 'Credential Access');
    assert.equal(facts.Status, 'Aktiv');
  });

  it('Sentinel: a link to its incident; text from the wire is escaped and a hostile URL is left out', () => {
    const sentinel: Alert = {
      ...keyVault(),
      source: 'microsoftSentinel',
      incidentUrl: 'https://security.microsoft.com/incidents/4711?tid=t',
      threat: {
        tactics: ['Impact'],
        techniques: ['T1486', '[x](https://evil.example)'],
        recommendedActions: '**Do** <b>this</b>',
        resources: [{ id: 'r', name: '[click](https://evil.example)', provider: 'azure' }],
      },
    };
    const facts = factsOf(renderAlertCard(sentinel, view()));
    assert.equal(facts.Incident, '[Open the incident](https://security.microsoft.com/incidents/4711?tid=t)');
    assert.equal(facts.Source, 'Microsoft Sentinel');
    assert.equal(facts.Resource, '\\[click\\](https://evil.example)');
    assert.equal(
      facts.Techniques,
      '[T1486](https://attack.mitre.org/techniques/T1486/), \\[x\\](https://evil.example)',
    );
    assert.equal(facts['Recommended actions'], '\\*\\*Do\\*\\* \\<b\\>this\\</b\\>');
    const hostile = { ...sentinel, incidentUrl: 'https://x.example/a)[y](https://evil.example' };
    assert.equal(factsOf(renderAlertCard(hostile, view())).Incident, undefined);
  });

  it('Defender for Endpoint: the device in the details view (as for DLP: not on the channel card), tactics too', () => {
    const mde = mapGraphAlert(raws.find((r) => r.serviceSource === 'microsoftDefenderForEndpoint'));
    const details = factsOf(renderAlertCard(mde, view({ detail: 'full' })));
    assert.equal(details.Source, 'Microsoft Defender for Endpoint');
    assert.equal(details.Device, `${mde.device!.name} (${mde.device!.osPlatform})`);
    assert.equal(details.Tactics, 'Exfiltration');
    assert.equal(details.Status, 'In progress');
    const channel = factsOf(renderAlertCard(channelSummary(mde), view()));
    assert.equal(channel.Source, 'Microsoft Defender for Endpoint');
    assert.equal(channel.Device, undefined);
  });

  it('a DLP alert card has no source section and keeps "New"', () => {
    const dlp = mapGraphAlert(raws.find((r) => r.serviceSource === 'dataLossPrevention' && r.status === 'new'));
    const facts = factsOf(renderAlertCard(dlp, view()));
    assert.equal(facts.Source, undefined);
    assert.equal(facts.Tactics, undefined);
    assert.equal(facts.Status, 'New');
  });

  it('remediation offers only what the evidence supports: account actions for the key vault user, none for a storage account', () => {
    const storage = mapGraphAlert(cloudRaw('storage account'));
    const json = (a: Alert) => JSON.stringify(renderAlertCard(a, view({ detail: 'full' })));
    assert.ok(json(keyVault()).includes('"value":"disableUser"'));
    assert.ok(!json(keyVault()).includes('"value":"deleteFile"'));
    assert.ok(!/"value":"(disableUser|isolateDevice|deleteFile)"/.test(json(storage)));
  });
});
