import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, installInTeam } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';
import { dlpAlertsOf } from '../support/seed-tenant.js';

type Json = any;
const MATCHED = 'Card 4111 1111 1111 1111 exp 09/29';

/*
 * Black box: the outbox is written before every Teams call and keeps what it wrote until compaction, so
 * whatever an item holds sits on disk. It must hold what sending needs, and no more.
 */
describe('black box: the outbox keeps no matched content, user identity or file path at rest', function () {
  this.timeout(90_000);
  let dir: string;
  let connector: FakeTeamsConnector;
  let bot: BotProcess;

  after(() => stopBlackBox({ bot, connector, dataDir: dir }));

  it('after every card is posted and one alert gains matched content and is updated', async () => {
    let serviceUrl: string;
    ({
      connector,
      serviceUrl,
      dataDir: dir,
      bot,
    } = await startBlackBox('dlp-outbox-rest-', { env: { DEMO_ALERT_INTERVAL_SECONDS: '0' } }));
    const tenantFile = path.join(dir, 'local-tenant.json');
    const tenant = JSON.parse(await fs.readFile(tenantFile, 'utf8'));
    await bot.send(installInTeam({ serviceUrl }));
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= dlpAlertsOf(tenant).length, 60_000);

    const target = tenant.alerts.find((a: Json) => a.evidence?.some((e: Json) => e.fileDetails?.filePath));
    target.additionalData = { ...(target.additionalData ?? {}), matchedContent: [MATCHED] };
    target.status = 'inProgress';
    await fs.writeFile(tenantFile, JSON.stringify(tenant, null, 2));
    await connector.waitFor((c) => c.updated.length > 0, 30_000);

    const outbox = await fs.readFile(path.join(dir, 'outbox.jsonl'), 'utf8');
    assert.ok(outbox.includes(target.id), 'the outbox did hold the update');
    assert.ok(!outbox.includes(MATCHED), 'matched content');
    const secrets = new Set<string>();
    for (const alert of tenant.alerts as Json[]) {
      for (const e of alert.evidence ?? []) {
        if (e.userAccount?.userPrincipalName) secrets.add(e.userAccount.userPrincipalName);
        if (e.userAccount?.displayName) secrets.add(e.userAccount.displayName);
        if (e.fileDetails?.filePath) secrets.add(e.fileDetails.filePath);
        if (e.deviceDnsName) secrets.add(e.deviceDnsName);
      }
    }
    const leaked = [...secrets].filter((s) => outbox.includes(JSON.stringify(s)));
    assert.deepEqual(leaked, [], 'user names, UPNs, file paths and device names');
  });
});
