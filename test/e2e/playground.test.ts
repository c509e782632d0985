import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { CHROMIUM, hasChromium, launchChromium } from '../support/chromium.js';
import { Demo, SEL, freePort, waitUntil } from '../support/playground-demo.js';
import { demoAlertsOf, readTenantFile } from '../support/seed-tenant.js';

/**
 * `npm run demo` as a new user experiences it: scripts/demo.ts starts the bot and the Microsoft 365 Agents
 * Playground; in the playground UI (headless Chromium) the user opens the team "Contoso SOC" > General, which
 * installs the bot there; the bot posts the seeded alerts the demo shows (DLP and Defender for Cloud) as
 * Adaptive Cards, one thread each; the card's Refresh button answers with a replacement card and no error.
 *
 * Selectors were found by exploring the playground 0.2.28 UI (it is a Fluent UI + Adaptive Cards renderer app
 * without test ids): the channel is a tree item named "<team> - <channel>", a channel post is a Fluent UI
 * card (`div[role=group].fui-Card`) and the bot's card inside it is rendered by the Adaptive Cards JS renderer
 * (`.ac-adaptiveCard`, `.ac-textBlock`); the log panel is the only contenteditable with spellcheck off.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ARTIFACTS = path.join(root, 'test/e2e/artifacts');
const SCREENSHOT = path.join(ARTIFACTS, 'playground-channel.png');

const SEVERITY_LABEL: Record<string, string> = {
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  informational: 'Informational',
  unknown: 'Unknown',
};

interface SeededAlert {
  id: string;
  title: string;
  severity: string;
}

describe(
  hasChromium
    ? 'e2e: npm run demo in the Agents Playground UI (headless Chromium)'
    : `e2e: npm run demo in the Agents Playground UI — SKIPPED: ${CHROMIUM} is not installed (CI installs Debian's chromium in .ci/run; locally: apt-get install chromium)`,
  function () {
    this.timeout(90_000);
    let demo: Demo | undefined;
    let context: BrowserContext | undefined;
    let page: Page;
    let seeded: SeededAlert[] = [];
    const tempDirs: string[] = [];
    const pageErrors: string[] = [];
    const started = Date.now();
    let ready = false;
    let failed = false;

    before(async function () {
      // Never skipped: without the browser this test fails and says how to get it.
      if (!hasChromium) throw new Error(`${CHROMIUM} is not installed: apt-get install -y chromium (.ci/run does it)`);
      this.timeout(60_000);
      await fs.rm(path.join(ARTIFACTS, 'playground-failure.png'), { force: true }); // from an earlier failed run
      const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-playground-e2e-'));
      tempDirs.push(dataDir);
      demo = new Demo(await freePort(), await freePort(), dataDir);
      demo.start();
      await demo.waitUntilUp(45_000);
      seeded = demoAlertsOf(await readTenantFile(dataDir)) as SeededAlert[];
      assert.ok(seeded.length >= 5, `the local backend seeds some alerts (found ${seeded.length})`);

      const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-playground-chromium-'));
      tempDirs.push(profile);
      // Hermetic: only the playground itself (the UI otherwise asks a CDN for Segoe UI fonts).
      context = await launchChromium(profile, ['localhost', '127.0.0.1'], { viewport: { width: 1400, height: 900 } });
      page = context.pages()[0] ?? (await context.newPage());
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (e) => pageErrors.push(e.message));
      await page.goto(demo.playgroundUrl, { waitUntil: 'domcontentloaded' });
      ready = true;
    });

    afterEach(function () {
      if (this.currentTest?.state === 'failed') failed = true;
    });

    after(async function () {
      if ((failed || !ready) && context && page) {
        await fs.mkdir(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, 'playground-failure.png') }).catch(() => undefined);
      }
      if ((failed || !ready) && demo) console.log(`--- demo output (last lines) ---\n${demo.tail(60)}`);
      await context?.close().catch(() => undefined);
      await demo?.stop();
      for (const dir of tempDirs) await fs.rm(dir, { recursive: true, force: true });
      if (demo) console.log(`    (playground e2e took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    });

    const posts = () => page.locator(SEL.post).filter({ has: page.locator(SEL.card) });
    const logPanel = () => page.locator(SEL.logPanel);
    const textBlocks = (post: Locator) => post.locator(`${SEL.card} ${SEL.textBlock}`);

    it('opening Contoso SOC > General installs the bot, which posts every seeded alert as a card in its own thread', async () => {
      const d = demo!;
      // The UI is connected to the bot once its log panel says so.
      await waitUntil('the playground log panel to say "Connected."', 20_000, async () =>
        /\bConnected\./.test(await logPanel().innerText()),
      );
      const before = await d.health();
      assert.equal(before.triageChannels, 0, 'no triage channel before the channel is opened');

      await page.getByRole(SEL.channel.role, { name: SEL.channel.name, exact: true }).click();

      const health = await waitUntil(
        'the bot to register General and post the backlog (/healthz: triageChannels 1, outbox empty)',
        45_000,
        async () => {
          d.assertNoBotErrors();
          const h = await d.health();
          return h.triageChannels === 1 && h.outbox.pending === 0 && h.outbox.inFlight === 0 ? h : undefined;
        },
        500,
      );
      assert.equal(health.status, 'ok');

      // Every post reaches the page: one channel post (thread) per seeded alert, each with exactly one card.
      await waitUntil(
        `${seeded.length} alert posts in the channel`,
        60_000, // the playground draws 41 cards; on a busy 2-core machine that takes a while

        async () => (await posts().count()) === seeded.length,
      );
      assert.equal(await page.locator(`${SEL.post} ${SEL.card}`).count(), seeded.length, 'one card per post');
      assert.equal(
        d.botLogs.filter((l) => l.msg === 'installed in a team').length >= 1,
        true,
        'the bot logged its install',
      );

      // A card as the analyst sees it: severity label, then the alert's title, both from the seed.
      const first = posts().first();
      // The badges (severity, then the SLA state) come before the title.
      const texts = (await textBlocks(first).allInnerTexts()).map((t) => t.trim()).slice(0, 4);
      const severityText = texts[0] ?? '';
      const titleText = texts.find((t) => seeded.some((a) => a.title === t)) ?? texts.join(' | ');
      const candidates = seeded.filter((a) => a.title === titleText);
      assert.ok(candidates.length > 0, `card title "${titleText}" is the title of a seeded alert`);
      assert.ok(
        candidates.some((a) => severityText === `${SEVERITY_LABEL[a.severity] ?? a.severity} severity`),
        `card severity "${severityText}" matches the seeded alert's severity (${candidates.map((a) => a.severity).join(', ')})`,
      );
      for (const label of ['Status', 'Assigned to', 'Detected']) {
        assert.ok(await first.locator(SEL.card).getByText(label, { exact: true }).isVisible(), `card shows "${label}"`);
      }
      // The cards are rendered (laid out, not hidden), and the newest one is on screen.
      let rendered = 0;
      for (let i = 0; i < 5; i++) if (await posts().nth(i).locator(SEL.card).isVisible()) rendered++;
      assert.equal(rendered, 5, 'the first five cards are rendered');
      const box = await first.locator(SEL.card).boundingBox();
      assert.ok(
        box && box.y < 900 && box.height > 100,
        `the first card is on screen and not collapsed (${JSON.stringify(box)})`,
      );
      assert.ok(
        (await page
          .locator(SEL.post)
          .getByText(/DLP Triage is ready/)
          .count()) === 1,
        'the bot greets the channel once ("DLP Triage is ready: ...")',
      );
    });

    it('the Refresh button on a card answers: the card is replaced, no error', async () => {
      const d = demo!;
      assert.equal(await posts().count(), seeded.length, 'needs the posts of the previous test');
      const post = posts().first();
      const severityBefore = (await textBlocks(post).nth(0).innerText()).trim();
      const titleBefore = (await textBlocks(post).nth(1).innerText()).trim();
      // The Adaptive Cards renderer gives every element a fresh random id on each render.
      const renderIdBefore = await textBlocks(post).first().getAttribute('id');
      const logBefore = await logPanel().innerText();
      assert.doesNotMatch(logBefore, /\binvoke \d{3}/, 'no card action before the click');
      const refreshesBefore = d.botLogs.filter((l) => l.verb === 'alert.refresh').length;

      await post.getByRole('button', { name: 'Refresh', exact: true }).click();

      const action = await waitUntil('the bot to log the alert.refresh card action', 15_000, () => {
        d.assertNoBotErrors();
        return d.botLogs.filter((l) => l.msg === 'card action' && l.verb === 'alert.refresh')[refreshesBefore];
      });
      const invoke = await waitUntil('the bot to answer the adaptiveCard/action invoke', 15_000, () =>
        d.botLogs.find(
          (l) => l.msg === 'activity' && l.name === 'adaptiveCard/action' && l.activityId === action.activityId,
        ),
      );
      assert.equal(invoke.status, 200, 'the invoke is answered with 200');
      const logAfter = await waitUntil('the playground log panel to show the invoke', 15_000, async () => {
        const text = await logPanel().innerText();
        return /\binvoke \d{3}/.test(text) ? text : undefined;
      });
      assert.match(logAfter, /\binvoke 200\b/, 'the playground logs the invoke as 200');
      assert.doesNotMatch(logAfter, /\binvoke [45]\d\d\b/, 'no failed invoke in the playground log');
      await waitUntil(
        'the card to be re-rendered',
        10_000,
        async () => (await textBlocks(post).first().getAttribute('id')) !== renderIdBefore,
      );

      // Same alert, still shown, with no notice or error text on top.
      assert.equal(await posts().count(), seeded.length, 'no post added or removed');
      assert.ok(await post.locator(SEL.card).isVisible(), 'the card is still shown');
      assert.equal(
        (await textBlocks(post).nth(0).innerText()).trim(),
        severityBefore,
        'the card still starts with the severity (no notice)',
      );
      assert.equal((await textBlocks(post).nth(1).innerText()).trim(), titleBefore, 'the same alert');
      // The refreshed card is Avery's own view: the buttons her roles allow.
      for (const name of ['Assign to me', 'Classify']) {
        assert.ok(await post.getByRole('button', { name, exact: true }).isVisible(), `Avery's view offers ${name}`);
      }
      const cardText = await post.locator(SEL.card).innerText();
      assert.doesNotMatch(cardText, /went wrong|error|failed|could not/i, 'no error on the card');
      d.assertNoBotErrors();
      assert.deepEqual(pageErrors, [], 'no uncaught errors in the playground page');

      await fs.mkdir(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
    });

    it('Assign to me on the card assigns the alert to the current user', async () => {
      const d = demo!;
      const post = posts().first();
      const before = d.botLogs.filter((l) => l.msg === 'card action' && l.verb === 'alert.assignToMe').length;
      await post.getByRole('button', { name: 'Assign to me', exact: true }).click();
      await waitUntil('the bot to log the alert.assignToMe card action', 15_000, () => {
        d.assertNoBotErrors();
        return d.botLogs.filter((l) => l.msg === 'card action' && l.verb === 'alert.assignToMe')[before];
      });
      await waitUntil('the card to show Avery as the assignee', 15_000, async () =>
        /Assigned to\s+Avery Admin\b/.test(await post.locator(SEL.card).innerText()),
      );
      d.assertNoBotErrors();
    });
  },
);
