import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEAM_ID, cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { readLines } from '../support/files.js';
import { dlpAlertsOf } from '../support/seed-tenant.js';

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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `npm run audit -- verify <dir>` as an operator runs it: exit code and output. */
function auditVerify(dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['run', '-s', 'audit', '--', 'verify', dir], { cwd: root }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
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
    const alerts: Json[] = dlpAlertsOf(tenant);
    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= alerts.length, 60_000);

    const target = alerts[0];
    const shared = await click(AS.sam, 'alert.share', { alertId: target.id, version: '2000-01-01T00:00:00Z' });
    // The card lists the link as a markdown link: `[Shared read-only link](<url>)`.
    url = JSON.stringify(shared.value).match(/\]\((http:\/\/127\.0\.0\.1:\d+\/share\/[^)]+)\)/)?.[1] ?? '';
    assert.match(url, SHARE_TOKEN, 'the sharer sees the link');
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await fetch(`${bot.url}/share/v1.AAAA.BBBB`)).status, 404);
    // Wait until the thread note about the share went out, so the outbox has held it.
    await connector.waitFor((c) => c.posted.some((p) => /shared a read-only link/.test(String(p.body?.text))), 30_000);

    const fresh = JSON.parse(await fs.readFile(path.join(dataDir, 'local-tenant.json'), 'utf8')).alerts.find(
      (a: Json) => a.id === target.id,
    );
    const commented = await click(AS.sam, 'alert.comment', {
      alertId: target.id,
      version: fresh.lastUpdateDateTime,
      comment: 'Checked with the owner',
    });
    assert.equal(commented.type, 'application/vnd.microsoft.card.adaptive', 'the comment went through lowdb');
    const plan = await click(AS.rui, 'alert.remediate', {
      alertId: target.id,
      version: '2000-01-01T00:00:00Z',
      action: 'revokeSessions',
    });
    const confirm = JSON.stringify(plan.value).match(/"planId":"([^"]+)"/)?.[1];
    assert.ok(confirm, 'a remediation plan');
    await click(AS.rui, 'alert.remediate.confirm', {
      alertId: target.id,
      version: '2000-01-01T00:00:00Z',
      action: 'revokeSessions',
      planId: confirm,
    });
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
    for (const expected of [
      'audit.jsonl',
      'outbox.jsonl',
      'share-links.jsonl',
      'share-link-secret',
      'local-tenant.json',
      'local-remediation.json',
      'access-policy.json',
      'remediation-plans.jsonl',
      'digest-subscriptions.jsonl',
    ]) {
      assert.ok(names.includes(expected), `${expected} was written`);
    }
    const wrong = entries
      .filter((e) => e.mode !== (e.dir ? 0o700 : 0o600))
      .map((e) => `${path.relative(dataDir, e.path)} ${e.mode.toString(8)}`);
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

  it('npm run audit -- verify: OK with the entry count on the log the bot wrote; the first broken line once one is edited, deleted or moved', async () => {
    const auditFile = path.join(dataDir, 'audit.jsonl');
    const lines = await readLines(auditFile);
    assert.ok(lines.length >= 5, `${lines.length} entries`);
    const ok = await auditVerify(dataDir);
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, new RegExp(`audit\\.jsonl: OK, ${lines.length} entries, the hash chain is intact\\.`));
    assert.match(ok.stdout, /Hash of the last entry .*: [0-9a-f]{64}$/m);

    const copy = path.join(parent, 'tampered');
    await fs.mkdir(copy);
    const tamper = async (changed: string[]) => {
      await fs.writeFile(path.join(copy, 'audit.jsonl'), changed.join('\n') + '\n');
      return auditVerify(copy);
    };
    const edited = await tamper(lines.map((l, i) => (i === 2 ? l.replace('"action":"', '"action":"edited.') : l)));
    assert.equal(edited.code, 1);
    assert.match(edited.stdout, /BROKEN at line 4: does not chain from line 3: line 3 was changed/);
    assert.match(edited.stdout, /3 entries before it chain correctly/);
    const deleted = await tamper(lines.filter((_, i) => i !== 1));
    assert.equal(deleted.code, 1);
    assert.match(deleted.stdout, /BROKEN at line 2: does not chain from line 1/);
    const moved = await tamper([...lines.slice(1), lines[0]!]);
    assert.equal(moved.code, 1);
    assert.match(moved.stdout, /BROKEN at line 1: the first entry does not start the chain/);

    await fs.writeFile(path.join(copy, 'audit.jsonl'), lines.join('\n') + '\n' + lines.at(-1)!.slice(0, 40));
    const torn = await auditVerify(copy);
    assert.equal(torn.code, 0, torn.stdout);
    assert.match(torn.stdout, new RegExp(`line ${lines.length + 1}: torn tail`));
    assert.match(torn.stdout, new RegExp(`OK, ${lines.length} entries`));

    await fs.rm(path.join(copy, 'audit.jsonl'));
    await fs.mkdir(path.join(copy, 'audit.jsonl'));
    const unreadable = await auditVerify(copy);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /Cannot read .*audit\.jsonl \(EISDIR\)/);
  });
});
