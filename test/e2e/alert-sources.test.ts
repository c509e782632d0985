import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, installInTeam, mentionMessage } from '../support/activities.js';
import { startBlackBox, stopBlackBox, type BlackBox } from '../support/black-box.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { factsOf } from '../support/card-facts.js';
import { AS, DLP_EMEA_CHANNEL } from '../support/personas.js';
import { alertIdIn, cardOf } from '../support/recorded-calls.js';
import { dlpAlertsOf, readTenantFile, type RawAlert } from '../support/seed-tenant.js';

const DFC = 'microsoftDefenderForCloud';
const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';

/**
 * ALERT_SOURCES end to end (real bot process, local backend, fake Teams connector): the seed's Defender for
 * Cloud alerts become cards only where ALERT_SOURCES names Defender for Cloud, with their resource and
 * MITRE ATT&CK tactics; a DLP-only bot never posts one, nor shows one by id.
 */
describe('black box: ALERT_SOURCES (real server over HTTP)', function () {
  this.timeout(120_000);

  /** Installs the bot in the team and waits for `count` threads; returns the posted cards by alert id. */
  async function installAndCollect(box: BlackBox, count: number) {
    assert.equal((await box.bot.send(installInTeam({ serviceUrl: box.serviceUrl, from: AS.avery }))).status, 200);
    await box.connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= count, 90_000);
    // A little longer: a card posted beyond `count` would show up now.
    await new Promise((r) => setTimeout(r, 1500));
    const cards = new Map<string, any>();
    for (const call of box.connector.threadsIn(TEAM_ID)) {
      const card = cardOf(call);
      cards.set(alertIdIn(card)!, card);
    }
    return cards;
  }

  /** What the bot answers `text` with, in the team's General channel (or `channelId`). */
  async function say(box: BlackBox, text: string, channelId?: string): Promise<string> {
    const activity = mentionMessage({ serviceUrl: box.serviceUrl, from: AS.avery, channelId }, text);
    assert.equal((await box.bot.send(activity)).status, 200);
    const replies = box.connector.posted.filter((c) => c.replyToId === activity.id);
    return replies.map((c) => String(c.body?.text ?? JSON.stringify(c.body?.attachments ?? ''))).join('\n');
  }

  describe('DLP only (the default)', () => {
    let box: BlackBox;
    let cloud: RawAlert[];
    let dlp: RawAlert[];
    before(async () => {
      box = await startBlackBox('dlp-sources-default-');
      const tenant = await readTenantFile(box.dataDir);
      cloud = tenant.alerts.filter((a: RawAlert) => a.serviceSource === DFC);
      dlp = dlpAlertsOf(tenant);
    });
    after(() => stopBlackBox(box));

    it('posts every DLP alert and never a Defender for Cloud alert, which the tenant holds', async () => {
      assert.ok(cloud.length >= 3, 'the seed has Defender for Cloud alerts');
      const cards = await installAndCollect(box, dlp.length);
      assert.deepEqual([...cards.keys()].sort(), dlp.map((a) => a.id).sort());
      assert.equal(box.connector.threadsIn(TEAM_ID).length, dlp.length);
    });

    it('does not show a Defender for Cloud alert by id either, even to an admin', async () => {
      assert.equal(await say(box, `alert ${cloud[0]!.id}`), NOT_FOUND);
    });
  });

  describe('ALERT_SOURCES=dataLossPrevention,microsoftDefenderForCloud', () => {
    let box: BlackBox;
    let cloud: RawAlert[];
    let dlp: RawAlert[];
    before(async () => {
      box = await startBlackBox('dlp-sources-cloud-', { env: { ALERT_SOURCES: `dataLossPrevention,${DFC}` } });
      const tenant = await readTenantFile(box.dataDir);
      cloud = tenant.alerts.filter((a: RawAlert) => a.serviceSource === DFC);
      dlp = dlpAlertsOf(tenant);
    });
    after(() => stopBlackBox(box));

    it('posts the Defender for Cloud alerts too, each card with its resource, tactics and techniques', async () => {
      const cards = await installAndCollect(box, dlp.length + cloud.length);
      assert.deepEqual([...cards.keys()].sort(), [...dlp, ...cloud].map((a) => a.id).sort());
      const keyVault = cloud.find((a) => a.title.includes('key vault'))!;
      const card = cards.get(keyVault.id);
      assert.deepEqual(validateAdaptiveCard(card), []);
      const facts = factsOf(card);
      assert.equal(facts.Source, 'Microsoft Defender for Cloud');
      assert.equal(facts.Resource, 'kv-payments-prod (Microsoft.KeyVault/vaults)');
      assert.equal(facts.Tactics, 'Credential Access');
      assert.match(facts.Techniques!, /\[T1555\]\(https:\/\/attack\.mitre\.org\/techniques\/T1555\/\)/);
      assert.match(facts['Recommended actions']!, /rotate the secrets/);
      assert.equal(facts.Status, 'Active');
      const storage = factsOf(cards.get(cloud.find((a) => a.title.includes('storage account'))!.id));
      assert.equal(storage.Resource, 'stcustomerexports01 (Microsoft.Storage/storageAccounts)');
      assert.equal(storage.Tactics, 'Exfiltration');
    });

    it('route add source=microsoftDefenderForCloud sends a new Defender for Cloud alert to that channel', async () => {
      assert.match(await say(box, 'triage here', DLP_EMEA_CHANNEL), /triage channel/i);
      assert.match(await say(box, `route add source=${DFC}`, DLP_EMEA_CHANNEL), new RegExp(DFC));
      const file = path.join(box.dataDir, 'local-tenant.json');
      const data = JSON.parse(await fs.readFile(file, 'utf8'));
      const fresh = {
        ...structuredClone(cloud[0]!),
        id: `dc${'f'.repeat(30)}01`,
        incidentId: '49999',
        lastUpdateDateTime: new Date().toISOString().replace('Z', '0000Z'),
      };
      data.alerts.push(fresh);
      const general = box.connector.threadsIn(TEAM_ID).length;
      await fs.writeFile(file, JSON.stringify(data, null, 2));
      await box.connector.waitFor((c) => c.threadsIn(DLP_EMEA_CHANNEL).length >= 1, 30_000);
      const [posted] = box.connector.threadsIn(DLP_EMEA_CHANNEL);
      assert.equal(alertIdIn(cardOf(posted!)), fresh.id);
      assert.equal(box.connector.threadsIn(TEAM_ID).length, general, 'not in General');
    });

    it('a DLP card of the same bot is unchanged: no source section', async () => {
      const card = box.connector
        .threadsIn(TEAM_ID)
        .map(cardOf)
        .find((c) => alertIdIn(c) === dlp[0]!.id);
      const facts = factsOf(card);
      assert.equal(facts.Source, undefined);
      assert.equal(facts.Tactics, undefined);
    });
  });
});
