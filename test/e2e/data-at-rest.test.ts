import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { AS, type TeamsFrom } from '../support/personas.js';

type Json = any;

/** Every file and folder under `dir` (recursively), with its permission bits. */
async function walk(dir: string): Promise<{ path: string; dir: boolean; mode: number }[]> {
  const found: { path: string; dir: boolean; mode: number }[] = [];
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const mode = (await fs.stat(full)).mode & 0o777;
    found.push({ path: full, dir: entry.isDirectory(), mode });
    if (entry.isDirectory()) found.push(...(await walk(full)));
  }
  return found;
}

const SHARE_TOKEN = /v1\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{43}/;

/*
 * Black box: the real bot, started on a DATA_DIR that does not exist yet, used for everything that writes
 * a file there (install, thread posts, a comment through lowdb, a remediation, a digest subscription, a
 * share and views of its page), then stopped. What is left on disk must be private to the bot's user and
 * hold no share token.
 */
describe('black box: data at rest in DATA_DIR (real server over HTTP)', function () {
  this.timeout(120_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let parent: string;
  let dataDir: string;
  let bot: BotProcess;
  let url = '';

  const click = async (from: TeamsFrom, verb: string, data: Record<string, unknown>) => {
    const res = await bot.send(cardAction({ serviceUrl, from }, verb, data));
    assert.equal(res.status, 200);
    return res.body as { type: string; value: Json };
  };

  before(async () => {
    connector = new FakeTeamsConnector();
    serviceUrl = await connector.start();
    parent = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-at-rest-'));
    dataDir = path.join(parent, 'data');
    bot = new BotProcess({ DATA_DIR: dataDir });
    await bot.start();
    const tenant = JSON.parse(await fs.readFile(path.join(dataDir, 'local-tenant.json'), 'utf8'));
    const alerts: Json[] = tenant.alerts;
    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= alerts.length, 60_000);

    const target = alerts[0];
    const shared = await click(AS.sam, 'alert.share', { alertId: target.id, version: 'any' });
    url = JSON.stringify(shared.value).match(/http:\/\/127\.0\.0\.1:\d+\/share\/[A-Za-z0-9._-]+/)?.[0] ?? '';
    assert.match(url, SHARE_TOKEN, 'the sharer sees the link');
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await fetch(`${bot.url}/share/v1.AAAA.BBBB`)).status, 404);
    // Wait until the thread note about the share went out, so the outbox has held it.
    await connector.waitFor((c) => c.posted.some((p) => /shared a read-only link/.test(String(p.body?.text))), 30_000);

    const fresh = JSON.parse(await fs.readFile(path.join(dataDir, 'local-tenant.json'), 'utf8')).alerts.find((a: Json) => a.id === target.id);
    const commented = await click(AS.sam, 'alert.comment', { alertId: target.id, version: fresh.lastUpdateDateTime, comment: 'Checked with the owner' });
    assert.equal(commented.type, 'application/vnd.microsoft.card.adaptive', 'the comment went through lowdb');
    const plan = await click(AS.rui, 'alert.remediate', { alertId: target.id, version: 'v', action: 'revokeSessions' });
    const confirm = JSON.stringify(plan.value).match(/"planId":"([^"]+)"/)?.[1];
    assert.ok(confirm, 'a remediation plan');
    await click(AS.rui, 'alert.remediate.confirm', { alertId: target.id, version: 'v', action: 'revokeSessions', planId: confirm });
    const subscribed = await bot.send(mentionMessage({ serviceUrl, from: AS.avery }, 'digest subscribe 09:00 UTC'));
    assert.equal(subscribed.status, 200);
    assert.equal(await bot.stop(), 0);
  });

  after(async () => {
    await bot?.stop();
    await connector?.stop();
    if (parent) await fs.rm(parent, { recursive: true, force: true });
  });

  it('the bot created DATA_DIR 0700 and every file in it is 0600 (journals, lowdb files, audit log, key, access policy)', async () => {
    assert.equal((await fs.stat(dataDir)).mode & 0o777, 0o700, 'DATA_DIR');
    const entries = await walk(dataDir);
    const names = entries.map((e) => path.basename(e.path));
    for (const expected of ['audit.jsonl', 'outbox.jsonl', 'share-links.jsonl', 'share-link-secret', 'local-tenant.json', 'local-remediation.json', 'access-policy.json', 'remediation-plans.jsonl', 'digest-subscriptions.jsonl']) {
      assert.ok(names.includes(expected), `${expected} was written`);
    }
    const wrong = entries.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${path.relative(dataDir, e.path)} ${e.mode.toString(8)}`);
    assert.deepEqual(wrong, [], 'every file 0600, every folder 0700');
  });

  it('no file under DATA_DIR holds the share token or anything shaped like one', async () => {
    const token = url.split('/share/')[1]!;
    const mac = token.split('.').pop()!;
    for (const entry of (await walk(dataDir)).filter((e) => !e.dir)) {
      const text = await fs.readFile(entry.path, 'utf8');
      const name = path.relative(dataDir, entry.path);
      assert.ok(!text.includes(token) && !text.includes(mac), `${name} holds the token`);
      assert.doesNotMatch(text, SHARE_TOKEN, `${name} holds a share token`);
    }
  });
});
