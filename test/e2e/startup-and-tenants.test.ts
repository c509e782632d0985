import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotProcess, runToExit } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { TENANT_ID, cardAction, mentionMessage } from '../support/activities.js';

describe('black box: start-up checks and tenant restriction', function () {
  this.timeout(60_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-startup-'));
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('refuses to start on bad configuration, naming every bad key and never echoing the secret', async () => {
    const { code, stderr } = await runToExit({
      DATA_DIR: dataDir,
      PORT: 'eighty',
      ALERT_BACKEND: 'mainframe',
      MicrosoftAppId: 'not-a-guid',
      MicrosoftAppPassword: 'sup3r-s3cret-value',
      ALLOWED_TENANT_IDS: 'contoso',
    });
    assert.equal(code, 2);
    for (const key of ['PORT', 'ALERT_BACKEND', 'MicrosoftAppId', 'ALLOWED_TENANT_IDS'])
      assert.match(stderr, new RegExp(key));
    assert.doesNotMatch(stderr, /sup3r-s3cret-value/);
    assert.deepEqual(await fs.readdir(dataDir), [], 'nothing was created');
  });

  it('names the missing tenant id when an app id is set for a single-tenant bot', async () => {
    const { code, stderr } = await runToExit({
      DATA_DIR: dataDir,
      MicrosoftAppId: '00000000-0000-4000-8000-000000000abc',
      MicrosoftAppPassword: 'x',
    });
    assert.equal(code, 2);
    assert.match(stderr, /MicrosoftAppTenantId is required/);
  });

  it('stops on a corrupt local backend file and leaves it untouched', async () => {
    const file = path.join(dataDir, 'local-tenant.json');
    await fs.writeFile(file, '{"schemaVersion": 1, "alerts": [');
    const { code, stderr } = await runToExit({ DATA_DIR: dataDir });
    assert.equal(code, 1);
    assert.match(stderr, /local-tenant\.json is not valid JSON/);
    assert.match(stderr, /never replaced/);
    assert.equal(await fs.readFile(file, 'utf8'), '{"schemaVersion": 1, "alerts": [');
  });

  it('names the bad entry when an alert in the local file is not an alert', async () => {
    const bot = new BotProcess({ DATA_DIR: dataDir });
    await bot.start();
    await bot.stop();
    const file = path.join(dataDir, 'local-tenant.json');
    const data = JSON.parse(await fs.readFile(file, 'utf8'));
    delete data.alerts[3].createdDateTime;
    await fs.writeFile(file, JSON.stringify(data));
    const { code, stderr } = await runToExit({ DATA_DIR: dataDir });
    assert.equal(code, 1);
    assert.match(stderr, /alerts\[3\]\.createdDateTime/);
  });

  it('ignores activities from tenants outside ALLOWED_TENANT_IDS', async () => {
    const connector = new FakeTeamsConnector();
    const serviceUrl = await connector.start();
    const bot = new BotProcess({ DATA_DIR: dataDir, ALLOWED_TENANT_IDS: TENANT_ID });
    await bot.start();
    try {
      const other = '99999999-0000-4000-8000-000000000000';
      const invoke = await bot.send(cardAction({ serviceUrl, tenantId: other }, 'alert.refresh', { alertId: 'x' }));
      assert.equal(invoke.status, 403);
      await bot.send(mentionMessage({ serviceUrl, tenantId: other }, 'help'));
      await bot.send(mentionMessage({ serviceUrl }, 'help'));
      await connector.waitFor((c) => c.posted.length >= 1);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(connector.posted.length, 1, 'only the allowed tenant got an answer');
    } finally {
      await bot.stop();
      await connector.stop();
    }
  });
});
