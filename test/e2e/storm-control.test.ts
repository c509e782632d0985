import { strict as assert } from 'node:assert';
import { TEAM_ID, installInTeam } from '../support/activities.js';
import { startBlackBox, stopBlackBox, type BlackBox } from '../support/black-box.js';
import { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { dlpAlertsOf, readTenantFile } from '../support/seed-tenant.js';
import { addToTenant, alertIdsOf, latestCard, stormCardsIn, stormOf, threadAlertId } from '../support/storm-tenant.js';

/*
 * Black box: storm control through the real server process. A burst of one user's matches of one policy
 * is written into the local backend's tenant file while the bot runs; what reaches the fake connector
 * shows whether the channel stays readable and whether every alert is still there.
 */
describe('black box: storm control (real server over HTTP)', function () {
  this.timeout(180_000);
  let box: BlackBox | undefined;
  afterEach(async () => {
    if (box) await stopBlackBox(box);
    box = undefined;
  });

  /** Starts the bot, installs it, and waits for the seeded alerts' threads; the number of threads then. */
  async function installed(env: Record<string, string>): Promise<number> {
    box = await startBlackBox('dlp-storm-', { env: { POLL_INTERVAL_SECONDS: '1', ...env } });
    await box.bot.send(installInTeam({ serviceUrl: box.serviceUrl }));
    const seeded = dlpAlertsOf(await readTenantFile(box.dataDir)).length;
    await box.connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= seeded, 90_000);
    return seeded;
  }

  it('a burst of 20 alerts of one user and policy yields at most 2 threads whose cards list all 20', async () => {
    const before = await installed({ STORM_THRESHOLD: '1' });
    const { connector, dataDir } = box!;
    const storm = await stormOf(dataDir, { count: 20, agoMs: 9 * 60_000, stepMs: 25_000, key: 'burst' });
    const ids = storm.map((a) => String(a.id));
    const listed = () => {
      const threads = connector.threadsIn(TEAM_ID).slice(before);
      const cards = [...threads, ...stormCardsIn(connector, threads)].map((c) => latestCard(connector, c));
      return { threads, shown: new Set(cards.flatMap(alertIdsOf)) };
    };

    // In two parts: the second part joins the storm card already posted.
    await addToTenant(dataDir, storm.slice(0, 8));
    await connector.waitFor(() => ids.slice(0, 8).every((id) => listed().shown.has(id)), 60_000);
    await addToTenant(dataDir, storm.slice(8));
    await connector.waitFor(() => ids.every((id) => listed().shown.has(id)), 60_000);
    await new Promise((r) => setTimeout(r, 2_000)); // nothing more may follow

    const { threads, shown } = listed();
    assert.ok(threads.length <= 2, `at most 2 new threads, got ${threads.length}`);
    assert.deepEqual(threads.map(threadAlertId), [ids[0]], 'the first alert of the storm opened the only thread');
    assert.deepEqual(
      [...shown].filter((id) => !ids.includes(id)),
      [],
      'nothing else is listed',
    );
    const stormCards = stormCardsIn(connector, threads);
    assert.equal(stormCards.length, 1, 'one storm card');
    const [card] = stormCards;
    assert.equal(card!.conversationId, threads[0]!.conversationId, 'a reply in the first thread');
    const now = latestCard(connector, card!);
    assert.deepEqual(validateAdaptiveCard(now), []);
    assert.deepEqual(alertIdsOf(now), [...ids.slice(1)].reverse(), 'the 19 others, newest first, each with Open');
    assert.match(JSON.stringify(now), /19 more matches of Contoso PCI[^"]* by the same user in 8 minutes/);
    const updates = connector.updated.filter((u) => u.activityId === card!.activityId);
    assert.ok(updates.length >= 1, 'the storm card grew in place');
    // Every call into the channel (threads, the storm card, its updates) kept to Teams' per-conversation limits.
    const times = connector.calls
      .filter((c) => c.method !== 'GET' && c.path.includes('/v3/conversations'))
      .map((c) => c.at);
    assert.ok(maxInWindow(times, 1_000) <= 7, `at most 7 per second, saw ${maxInWindow(times, 1_000)}`);
    assert.ok(maxInWindow(times, 2_000) <= 8, `at most 8 per 2 s, saw ${maxInWindow(times, 2_000)}`);
  });

  it('a restart in the middle of a storm neither loses nor duplicates a card', async () => {
    const before = await installed({ STORM_THRESHOLD: '2' });
    const { connector, dataDir } = box!;
    const storm = await stormOf(dataDir, { count: 20, agoMs: 9 * 60_000, stepMs: 25_000, key: 'restart' });
    const ids = storm.map((a) => String(a.id));
    const stormThreads = () => connector.threadsIn(TEAM_ID).slice(before);
    const shownNow = () => stormCardsIn(connector, stormThreads()).flatMap((c) => alertIdsOf(latestCard(connector, c)));

    await addToTenant(dataDir, storm.slice(0, 10));
    await connector.waitFor(() => shownNow().length >= 8, 60_000);
    // More of the storm arrives, and the bot goes down while it may still be working on it.
    await addToTenant(dataDir, storm.slice(10, 15));
    await box!.bot.stop();
    await addToTenant(dataDir, storm.slice(15));
    box!.bot = new BotProcess({ DATA_DIR: dataDir, POLL_INTERVAL_SECONDS: '1', STORM_THRESHOLD: '2' });
    await box!.bot.start();
    await connector.waitFor(() => ids.slice(2).every((id) => shownNow().includes(id)), 60_000);
    await new Promise((r) => setTimeout(r, 2_000)); // nothing more may follow

    assert.deepEqual(stormThreads().map(threadAlertId), ids.slice(0, 2), 'the first two opened threads, once each');
    const threadIds = connector.threadsIn(TEAM_ID).map(threadAlertId);
    assert.equal(new Set(threadIds).size, threadIds.length, 'no alert posted twice');
    const cards = stormCardsIn(connector, stormThreads());
    assert.equal(cards.length, 1, 'one storm card, before and after the restart');
    assert.equal(cards[0]!.conversationId, stormThreads()[0]!.conversationId, 'in the thread of the first');
    assert.deepEqual(shownNow(), ids.slice(2).reverse(), 'it lists the 18 others, newest first');
  });
});

/** The most calls that arrived within any span shorter than `windowMs` (minus a little network slack). */
function maxInWindow(times: number[], windowMs: number, slackMs = 40): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs - slackMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}
