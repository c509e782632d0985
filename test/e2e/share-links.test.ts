import { strict as assert } from 'node:assert';
import { createHmac, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { TEAM_ID, cardAction, installInTeam } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector, type RecordedCall } from '../support/fake-teams-connector.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { textsOf, verbsIn } from '../support/card-tree.js';
import { CHROMIUM, hasChromium, launchChromium } from '../support/chromium.js';
import { readJsonLines } from '../support/files.js';
import { escapeHtml } from '../support/html.js';
import { cardOf } from '../support/recorded-calls.js';
import { dlpAlertsOf, readTenantFile, subjectOf, type RawAlert } from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: the real server over HTTP, a fake Bot Connector, a fresh DATA_DIR. The test knows the tenant
 * only from the files the server writes there; to mint tokens of its own (forged, expired) it places the
 * share link key file in DATA_DIR before the first start, as an operator restoring a backup would.
 */

/** The share link URLs a card lists (`[Shared read-only link](url) · expires …`). */
const linksOn = (card: unknown) =>
  textsOf(card).flatMap((t) => /^\[Shared read-only link\]\((.+)\) · expires (.+)$/.exec(t)?.slice(1, 2) ?? []);

const fileNameOf = (raw: RawAlert): string | undefined =>
  raw.additionalData?.fileName ?? raw.evidence?.find((e: RawAlert) => e.fileDetails?.fileName)?.fileDetails.fileName;
/** The title as the page shows it: the file name hidden. */
const shownTitle = (raw: RawAlert) => String(raw.title).replace(fileNameOf(raw)!, '[hidden]');
const COMMENT = (user: { displayName: string; userPrincipalName: string }) =>
  `Called ${user.displayName} (${user.userPrincipalName}); she also sent it to ${user.userPrincipalName.split('@')[0]}@gmail.example`;
const sumOf = (entries: Record<string, any>[]) => entries.reduce((n, e) => n + Number(e.details?.count ?? 0), 0);
const sitNames = (raw: RawAlert): string[] =>
  (raw.additionalData?.sensitiveInformationTypes ?? []).map((s: RawAlert) => String(s.name));

describe('black box: read-only share links (real server over HTTP)', function () {
  this.timeout(120_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let key: Buffer;
  let target: RawAlert;
  let subject: { userPrincipalName: string; displayName: string };
  let url = '';
  let linkId = '';

  const click = async (from: TeamsFrom, verb: string, alertId: string) => {
    const res = await bot.send(cardAction({ serviceUrl, from }, verb, { alertId, version: '2000-01-01T00:00:00Z' }));
    assert.equal(res.status, 200);
    return res.body as { type: string; value: any };
  };
  const get = (u: string) => fetch(u, { redirect: 'manual' });
  const auditEntries = () => readJsonLines(path.join(dataDir, 'audit.jsonl'));
  /** A token of the right shape whose MAC is made with `withKey`. */
  const mint = (withKey: Buffer, claims: { l: string; a: string; t: string; e: number }) => {
    const signed = `v1.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    return `${signed}.${createHmac('sha256', withKey).update(signed).digest('base64url')}`;
  };
  const threadOf = (alertId: string) =>
    connector.threadsIn(TEAM_ID).find((c) => JSON.stringify(cardOf(c) ?? {}).includes(`"alertId":"${alertId}"`));
  let notFoundBody = '';

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-share-e2e-', {
      env: { SHARE_RATE_LIMIT_PER_MINUTE: '10000' },
      prepare: async (dataDir) => {
        key = randomBytes(32);
        await fs.writeFile(path.join(dataDir, 'share-link-secret'), key.toString('base64url') + '\n', { mode: 0o600 });
      },
    }));
    const tenant = await readTenantFile(dataDir);
    const userOf = (raw: RawAlert) => subjectOf(tenant, raw);
    // An alert with comments whose title names its file, and whose title, policy and rule name neither
    // its information types nor its user, so that finding any of them on the page can only be a leak.
    target = dlpAlertsOf(tenant).find((a) => {
      const user = userOf(a);
      const visible = JSON.stringify([
        a.title,
        a.comments,
        a.additionalData?.dlpPolicyName,
        a.additionalData?.dlpRuleName,
      ]).toLowerCase();
      const sits = sitNames(a);
      const file = fileNameOf(a);
      return (
        user &&
        file &&
        a.title.includes(file) &&
        a.comments?.length > 0 &&
        sits.length > 0 &&
        !sits.some((s) => visible.includes(s.toLowerCase())) &&
        !visible.includes(user.userPrincipalName)
      );
    }) as RawAlert;
    assert.ok(target, 'the seed has a suitable alert');
    subject = userOf(target)!;
    assert.ok(sitNames(target).length > 0, 'the alert lists sensitive information types');

    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
    await connector.waitFor(() => !!threadOf(target.id), 60_000);
    // A comment that names the user and an e-mail address, as analysts write them.
    const version = JSON.parse(await fs.readFile(path.join(dataDir, 'local-tenant.json'), 'utf8')).alerts.find(
      (a: RawAlert) => a.id === target.id,
    ).lastUpdateDateTime;
    const commented = await bot.send(
      cardAction({ serviceUrl, from: AS.sam }, 'alert.comment', {
        alertId: target.id,
        version,
        comment: COMMENT(subject),
      }),
    );
    assert.equal(commented.body?.type, 'application/vnd.microsoft.card.adaptive', 'the comment was added');
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('a viewer (Vic) cannot share; the card does not offer it to them', async () => {
    const refused = await click(AS.vic, 'alert.share', target.id);
    assert.equal(refused.type, 'application/vnd.microsoft.activity.message');
    assert.match(refused.value, /You need the analyst role/);
    const card = (await click(AS.vic, 'alert.refresh', target.id)).value;
    assert.ok(!verbsIn(card).has('alert.share') && !verbsIn(card).has('alert.unshare'));
    const samCard = (await click(AS.sam, 'alert.refresh', target.id)).value;
    assert.ok(verbsIn(samCard).has('alert.share'), 'an analyst may share');
    assert.ok(!verbsIn(samCard).has('alert.unshare'), 'nothing to revoke yet');
  });

  it('Sam shares: the answer card shows the link with its expiry and a notice; the thread and the channel card get it', async () => {
    const answer = await click(AS.sam, 'alert.share', target.id);
    assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
    const links = linksOn(answer.value);
    assert.equal(links.length, 1, 'one link on the card');
    url = links[0]!;
    assert.match(url, new RegExp(`^${bot.url.replace(/\./g, '\\.')}/share/v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}$`));
    const expiry = textsOf(answer.value).find((t) => t.startsWith('[Shared read-only link]'))!;
    assert.match(expiry, / · expires \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC$/);
    // The notice says exactly what the page shows (the link itself is listed below it), the expiry in the
    // reader's locale format (en-US: no locale on these activities) and zone (UTC: none sent either).
    assert.match(
      textsOf(answer.value)[0]!,
      /^Read-only link created, valid until \w{3} \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]M UTC\. Anyone with the link sees this alert's severity, status, classification, assignee, dates, policy and rule, its title with file names, paths, the user's name and e-mail addresses replaced by \\\[hidden\\\], and how many comments it has — never the user, the file, the message, the device, comment text or matched content\.$/,
    );
    assert.ok(verbsIn(answer.value).has('alert.unshare'), 'now there is something to revoke');

    const thread = threadOf(target.id)!;
    const isNote = (p: RecordedCall) =>
      p.conversationId === thread.conversationId &&
      p !== thread &&
      /shared a read-only link/.test(String(p.body?.text));
    await connector.waitFor((c) => c.posted.some(isNote), 30_000);
    const note = connector.posted.find(isNote)!;
    assert.match(
      note.body.text,
      /^Sam Analyst shared a read-only link to this alert, valid until \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC\. The link is on the alert card\.$/,
    );
    await connector.waitFor(
      (c) => c.updated.some((u) => u.activityId === thread.activityId && linksOn(cardOf(u)).includes(url)),
      30_000,
    );

    const audit = (await auditEntries()).filter((e) => e.action === 'alert.share' && e.outcome === 'success');
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actor.id, AS.sam.aadObjectId);
    linkId = audit[0].details.linkId;
    assert.ok(linkId);
  });

  it('the link opens a page with the alert and the required headers, without sensitive details; the view is audited', async () => {
    const res = await get(url);
    assert.equal(res.status, 200);
    const csp = res.headers.get('content-security-policy') ?? '';
    assert.match(
      csp,
      /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]{43}='; img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'$/,
    );
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(res.headers.get('x-robots-tag'), 'noindex, nofollow');
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    const html = await res.text();
    assert.ok(html.includes(`<h1>${escapeHtml(shownTitle(target))}</h1>`), 'the alert title, its file name hidden');
    assert.ok(!html.includes(fileNameOf(target)!), 'no file name');
    assert.ok(html.includes(`<dt>Comments</dt><dd>${target.comments.length + 1}, latest `), 'how many comments');
    for (const c of target.comments) assert.ok(!html.includes(escapeHtml(c.comment)), 'no comment text');
    assert.ok(
      !html.includes('Called ') && !html.includes('gmail.example'),
      'not the comment naming the user and an e-mail address',
    );
    for (const sit of sitNames(target))
      assert.ok(!html.includes(sit) && !html.includes(escapeHtml(sit)), `no information type (${sit})`);
    assert.ok(!html.includes(subject.userPrincipalName), 'no subject UPN');
    assert.ok(!html.includes(subject.displayName), 'no subject name');
    assert.ok(!html.includes(escapeHtml(target.description)), 'no description (it names the information types)');

    const views = (await auditEntries()).filter((e) => e.action === 'alert.share.view' && e.outcome === 'success');
    assert.equal(views.length, 1);
    assert.equal(views[0].alertId, target.id);
    assert.equal(views[0].details.linkId, linkId);
  });

  it('forged, tampered and malformed tokens, and other paths under /share/, all get the same 404 page with the same headers', async () => {
    const token = url.split('/share/')[1]!;
    const [version, payload, mac] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const forged = mint(randomBytes(32), claims);
    const tampered = `${version}.${Buffer.from(JSON.stringify({ ...claims, e: claims.e + 86_400 })).toString('base64url')}.${mac}`;
    const badMac = `${version}.${payload}.${flip(mac, 10)}`;
    const bodies = new Set<string>();
    const base = `${bot.url}/share/`;
    for (const u of [forged, tampered, badMac, 'nope', 'x'.repeat(3000), `${token}/extra`, ''].map((t) => base + t)) {
      const res = await get(u);
      assert.equal(res.status, 404, u.slice(0, 80));
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('x-robots-tag'), 'noindex, nofollow');
      assert.match(res.headers.get('content-security-policy') ?? '', /^default-src 'none';/);
      assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
      bodies.add(await res.text());
    }
    assert.equal(bodies.size, 1, 'one identical body');
    notFoundBody = [...bodies][0]!;
    assert.match(notFoundBody, /Not found/);
    assert.ok(!notFoundBody.includes(target.title));
    // Refused views are counted and written as summaries when the window ends or the bot stops (next test).
  });

  it('after a restart the link still works, and an expired link gets the same 404', async () => {
    assert.equal(await bot.stop(), 0);
    const denied = (await auditEntries()).filter((e) => e.action === 'alert.share.view' && e.outcome === 'denied');
    assert.equal(
      sumOf(denied.filter((e) => e.reason === 'invalid or forged token')),
      7,
      'the 7 refused views, counted (written on stop at the latest)',
    );
    assert.ok(
      denied.every((e) => e.alertId === undefined && e.details?.linkId === undefined),
      'unverified tokens name no alert or link',
    );
    // A link that expired an hour ago, as the server would have recorded it.
    const expiredAt = Math.floor(Date.now() / 1000) - 3600;
    const record = {
      linkId: 'expired-link-0001',
      alertId: target.id,
      tenantId: target.tenantId,
      createdBy: { id: AS.sam.aadObjectId, name: AS.sam.name },
      createdAt: new Date((expiredAt - 7 * 86_400) * 1000).toISOString(),
      expiresAt: new Date(expiredAt * 1000).toISOString(),
    };
    await fs.appendFile(
      path.join(dataDir, 'share-links.jsonl'),
      JSON.stringify({ k: record.linkId, v: record }) + '\n',
    );
    bot = new BotProcess({ DATA_DIR: dataDir, SHARE_RATE_LIMIT_PER_MINUTE: '10000' });
    await bot.start();
    const token = url.split('/share/')[1]!;
    url = `${bot.url}/share/${token}`; // local mode: the base URL is the new loopback port
    assert.equal((await get(url)).status, 200, 'the link survives a restart');

    const expired = mint(key, { l: record.linkId, a: record.alertId, t: record.tenantId, e: expiredAt });
    const res = await get(`${bot.url}/share/${expired}`);
    assert.equal(res.status, 404);
    assert.equal(await res.text(), notFoundBody);
  });

  it('Sam unshares: the same URL now gets the 404 page, identical to a forged token; the card drops the link', async () => {
    const answer = await click(AS.sam, 'alert.unshare', target.id);
    assert.equal(answer.type, 'application/vnd.microsoft.card.adaptive');
    assert.equal(textsOf(answer.value)[0], 'The read-only link was revoked.');
    assert.deepEqual(linksOn(answer.value), []);
    assert.ok(!verbsIn(answer.value).has('alert.unshare'));
    const res = await get(url);
    assert.equal(res.status, 404);
    assert.equal(await res.text(), notFoundBody);
    const revoked = (await auditEntries()).filter((e) => e.action === 'alert.unshare');
    assert.deepEqual(
      revoked.map((e) => e.details.linkIds),
      [[linkId, 'expired-link-0001']],
      'every link of the alert, expired ones too',
    );
    const thread = threadOf(target.id)!;
    await connector.waitFor(
      (c) =>
        c.posted.some(
          (p) => p.conversationId === thread.conversationId && /revoked the read-only link/.test(String(p.body?.text)),
        ),
      30_000,
    );
  });

  it('never logs a token or the key', async () => {
    const mac = url.split('.').pop()!;
    const logs = JSON.stringify(bot.logs) + bot.stderr;
    assert.ok(!logs.includes(mac), 'no token in the logs');
    assert.ok(!logs.includes(key.toString('base64url')) && !logs.includes(key.toString('hex')), 'no key in the logs');
    assert.ok(
      !(await fs.readFile(path.join(dataDir, 'audit.jsonl'), 'utf8')).includes(mac),
      'no token in the audit log',
    );
    assert.ok(
      !(await fs.readFile(path.join(dataDir, 'share-links.jsonl'), 'utf8')).includes(mac),
      'no token in the link records',
    );
  });

  it('refused views are counted: 300 forged opens with a long user agent add a few summary lines, never the user agent', async () => {
    const agent = `Flood-${randomBytes(6).toString('hex')}-${'A'.repeat(150)}`;
    const linesBefore = (await auditEntries()).length;
    for (let i = 0; i < 300; i++) {
      const res = await fetch(
        `${bot.url}/share/v1.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`,
        { headers: { 'user-agent': agent } },
      );
      assert.equal(res.status, 404);
      await res.arrayBuffer();
    }
    assert.equal(await bot.stop(), 0);
    const text = await fs.readFile(path.join(dataDir, 'audit.jsonl'), 'utf8');
    assert.ok(!text.includes(agent.slice(0, 18)), 'no user agent of a refused view');
    const added = (await auditEntries()).slice(linesBefore);
    const forged = added.filter((e) => e.action === 'alert.share.view' && e.reason === 'invalid or forged token');
    assert.equal(sumOf(forged), 300);
    assert.ok(forged.length <= 5, `${forged.length} summary lines for 300 refusals`);
    assert.ok(forged.every((e) => e.outcome === 'denied' && e.alertId === undefined && e.details.summary === true));
    // Refusals a valid MAC vouches for name their link and alert, counted the same way.
    const vouched = (await auditEntries()).filter(
      (e) => e.action === 'alert.share.view' && e.outcome === 'denied' && e.details?.linkId,
    );
    assert.deepEqual(
      vouched.map((e) => [e.reason, e.details.linkId, e.alertId, e.details.count]),
      [
        ['expired', 'expired-link-0001', target.id, 1],
        ['revoked', linkId, target.id, 1],
      ],
    );
    bot = new BotProcess({ DATA_DIR: dataDir, SHARE_RATE_LIMIT_PER_MINUTE: '10000' });
    await bot.start();
  });

  describe(
    hasChromium ? 'in headless Chromium' : `in headless Chromium — SKIPPED: ${CHROMIUM} is not installed`,
    () => {
      let context: BrowserContext | undefined;
      let profile = '';
      let shared = '';

      before(async function () {
        if (!hasChromium) throw new Error('chromium is not installed: apt-get install -y chromium (.ci/run does it)');
        const answer = await click(AS.sam, 'alert.share', target.id);
        shared = linksOn(answer.value)[0]!;
        assert.ok(shared);
        profile = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-share-chromium-'));
        context = await launchChromium(profile, ['127.0.0.1']); // hermetic: the page needs nothing but the bot
      });

      after(async () => {
        await context?.close().catch(() => undefined);
        if (profile) await fs.rm(profile, { recursive: true, force: true });
      });

      /** Opens `u` in a fresh tab, collecting console messages, page errors and CSP violation reports. */
      async function open(u: string) {
        const page = await context!.newPage();
        const console: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => console.push(`${m.type()}: ${m.text()}`));
        page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
        page.on('request', (r) => requests.push(r.url()));
        // Runs through the DevTools protocol, so the page's own CSP does not block the listener.
        await page.addInitScript(() => {
          (window as unknown as { violations: string[] }).violations = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            (window as unknown as { violations: string[] }).violations.push(`${e.violatedDirective} ${e.blockedURI}`),
          );
        });
        const response = await page.goto(u, { waitUntil: 'load' });
        await page.waitForTimeout(300); // let late console messages (favicon, CSP reports) arrive
        const violations = await page.evaluate(() => (window as unknown as { violations: string[] }).violations);
        return { page, response, console, violations, requests };
      }

      it('a valid link shows the alert, styled by its hashed inline style, with no console errors or CSP violations', async () => {
        const { page, response, console, violations, requests } = await open(shared);
        assert.equal(response?.status(), 200);
        const heading = page.getByRole('heading', { level: 1 });
        assert.equal((await heading.innerText()).trim(), shownTitle(target));
        assert.ok(await heading.isVisible());
        const text = await page.locator('body').innerText();
        assert.ok(
          !text.includes(fileNameOf(target)!) && !text.includes(subject.displayName) && !text.includes('gmail.example'),
        );
        for (const sit of sitNames(target)) assert.ok(!text.includes(sit), `no information type (${sit})`);
        assert.ok(!text.includes(subject.userPrincipalName));
        // The style applied: it was allowed by its hash, not blocked.
        assert.equal(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(245, 245, 245)');
        assert.deepEqual(violations, [], 'no CSP violation');
        assert.deepEqual(
          console.filter((m) => /error|Content Security Policy|Refused/i.test(m)),
          [],
          'no console errors',
        );
        assert.ok(
          requests.every((r) => r.startsWith(bot.url)),
          `only the bot was asked: ${requests.join(', ')}`,
        );
        await page.close();
      });

      it('a tampered link shows the 404 page, also without CSP violations', async () => {
        const token = shared.split('/share/')[1]!;
        const tampered = `${bot.url}/share/${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
        const { page, response, console, violations } = await open(tampered);
        assert.equal(response?.status(), 404);
        assert.ok(await page.getByRole('heading', { name: 'Not found' }).isVisible());
        assert.ok(!(await page.locator('body').innerText()).includes(target.title));
        assert.deepEqual(violations, []);
        // Chromium reports the 404 status of the page itself; nothing else may appear.
        assert.deepEqual(
          console.filter((m) => /error|Refused/i.test(m) && !/status of 404/.test(m)),
          [],
        );
        await page.close();
      });
    },
  );
});
