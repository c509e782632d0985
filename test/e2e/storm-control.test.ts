import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { buildStormAlerts } from '../../src/backends/local/local-seed-storm.js';
import { buildSeedTenant, PERSONAS } from '../../src/backends/local/local-seed.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { startBlackBox, stopBlackBox, type BlackBox } from '../support/black-box.js';
import { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { alertIdIn } from '../support/recorded-calls.js';
import { dlpAlertsOf, readTenantFile, type RawAlert } from '../support/seed-tenant.js';
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

  it('triage here group=incident: one thread per incident, its other alerts (also later ones) replies in it', async () => {
    box = await startBlackBox('dlp-group-', { env: { POLL_INTERVAL_SECONDS: '1' } });
    const { connector, dataDir, serviceUrl } = box;
    const answer = await box.bot.send(mentionMessage({ serviceUrl }, 'triage here default group=incident'));
    assert.equal(answer.status, 200);
    const dlp = dlpAlertsOf(await readTenantFile(dataDir));
    /** Each alert card the bot posted in the channel: the alert, and the thread it is in. */
    const cardsPosted = () =>
      connector.posted
        .map((c) => ({ alertId: alertIdIn(c.body?.activity ?? c.body), thread: c.conversationId, call: c }))
        .filter(
          (p): p is { alertId: string; thread: string; call: (typeof connector.posted)[number] } =>
            p.alertId !== undefined && p.thread?.startsWith(`${TEAM_ID};messageid=`) === true,
        );
    const posted = (alerts: readonly RawAlert[]) => {
      const ids = new Set(cardsPosted().map((p) => p.alertId));
      return alerts.every((a) => ids.has(String(a.id)));
    };
    await connector.waitFor(() => posted(dlp), 90_000);
    // A new alert of an incident whose thread is already there (the first grouped incident's).
    const incidentOf = new Map(dlp.map((a) => [String(a.id), String(a.incidentId)]));
    const grouped = dlp.filter((a) => dlp.filter((b) => b.incidentId === a.incidentId).length > 1);
    assert.ok(grouped.length >= 4, 'the seed has incidents with several DLP alerts');
    const [late] = await stormOf(
      dataDir,
      { count: 1, agoMs: 60_000, stepMs: 1, key: 'late' },
      (a) => a.id === grouped[0]!.id,
    );
    incidentOf.set(String(late!.id), String(late!.incidentId));
    await addToTenant(dataDir, [late!]);
    await connector.waitFor(() => posted([late!]), 60_000);
    await new Promise((r) => setTimeout(r, 1_500)); // nothing more may follow

    const threads = connector.threadsIn(TEAM_ID);
    const threadOfIncident = new Map<string, string>();
    for (const t of threads) {
      const incident = incidentOf.get(threadAlertId(t)!)!;
      assert.ok(!threadOfIncident.has(incident), `incident ${incident} has one thread`);
      threadOfIncident.set(incident, t.conversationId!);
    }
    assert.equal(threads.length, new Set(incidentOf.values()).size, 'one thread per incident');
    const seen = new Map<string, number>();
    for (const p of cardsPosted()) {
      seen.set(p.alertId, (seen.get(p.alertId) ?? 0) + 1);
      assert.equal(
        p.thread,
        threadOfIncident.get(incidentOf.get(p.alertId)!),
        `alert ${p.alertId} is in its incident's thread`,
      );
    }
    assert.deepEqual(
      [...seen.values()].filter((n) => n !== 1),
      [],
      'every alert card posted once',
    );
    assert.equal(seen.size, dlp.length + 1, 'every alert has its card');
    const lateCard = cardsPosted().find((p) => p.alertId === late!.id)!;
    assert.equal(
      lateCard.thread,
      threadOfIncident.get(String(grouped[0]!.incidentId)),
      'the late alert joined its incident',
    );
  });

  it('the storm card acts on every alert of the storm, each with its own access and version checks', async () => {
    // The storm is in the tenant before the bot starts, and the bot polls once: a change made later in
    // the tenant (as in the portal) is one the storm card has not seen.
    const tenant = buildSeedTenant(new Date());
    const base = dlpAlertsOf(tenant).find((a) => a.severity === 'high' && a.status === 'new')!;
    const storm = buildStormAlerts(base, { count: 6, firstMs: Date.now() - 5 * 60_000, stepMs: 30_000, key: 'act' });
    tenant.alerts.splice(-1, 0, ...storm);
    box = await startBlackBox('dlp-storm-act-', {
      env: { POLL_INTERVAL_SECONDS: '3600', STORM_THRESHOLD: '1' },
      prepare: (dir) => fs.writeFile(path.join(dir, 'local-tenant.json'), JSON.stringify(tenant), { mode: 0o600 }),
    });
    const { connector, dataDir, serviceUrl } = box;
    await box.bot.send(installInTeam({ serviceUrl }));
    const ids = storm.map((a) => String(a.id));
    const threadOfFirst = () => connector.threadsIn(TEAM_ID).find((t) => threadAlertId(t) === ids[0]);
    const stormCard = () => {
      const thread = threadOfFirst();
      return thread ? stormCardsIn(connector, [thread]).map((c) => latestCard(connector, c))[0] : undefined;
    };
    await connector.waitFor(() => alertIdsOf(stormCard()).length === 5, 90_000);
    const actionOf = (card: unknown, verb: string): any =>
      JSON.stringify(card).includes(`"verb":"${verb}"`)
        ? findAction(card, verb)
        : assert.fail(`the storm card offers ${verb}`);
    const assignAll = actionOf(stormCard(), 'storm.assignToMe');

    // Someone changes one alert of the storm in the portal; the card still shows the old version.
    const stale = ids[3]!;
    const file = path.join(dataDir, 'local-tenant.json');
    const now = JSON.parse(await fs.readFile(file, 'utf8'));
    const raw = now.alerts.find((a: RawAlert) => a.id === stale);
    raw.status = 'inProgress';
    raw.lastUpdateDateTime = new Date().toISOString().replace('Z', '0000Z');
    await fs.writeFile(file, JSON.stringify(now));

    const click = async (from: TeamsFrom, action: { verb: string; data: unknown }) => {
      const thread = threadOfFirst()!;
      const res = await box!.bot.send(
        cardAction({ serviceUrl, from, conversationId: thread.conversationId }, action.verb, action.data),
      );
      assert.equal(res.status, 200);
      return res.body?.value;
    };
    const assignedTo = async () => {
      const t = JSON.parse(await fs.readFile(file, 'utf8'));
      return ids.map((id) => t.alerts.find((a: RawAlert) => a.id === id).assignedTo as string | null);
    };

    // Olu has no role: every alert is refused, with the same reason that reveals nothing, and nothing changes.
    const refused = await click(AS.olu, assignAll);
    assert.match(JSON.stringify(refused), /0 alerts done, 5 refused/);
    assert.doesNotMatch(JSON.stringify(refused), /at \S+ \(|\w+Error\b|\.ts:\d+/);
    assert.deepEqual(await assignedTo(), [null, null, null, null, null, null]);

    // Sam (analyst, unrestricted): the four alerts unchanged since the card was drawn are assigned to Sam;
    // the one changed meanwhile is refused as stale; the first alert (its own thread) is not in the storm.
    const answer = await click(AS.sam, assignAll);
    const sam = PERSONAS.find((p) => p.id === AS.sam.aadObjectId)!.userPrincipalName;
    const expected = ids.map((id, i) => (i === 0 || id === stale ? null : sam));
    const text = JSON.stringify(answer);
    if (!/notices|taking longer/.test(text)) {
      assert.match(text, /4 alerts done, 1 refused/);
      assert.match(text, /changed since your card was drawn/);
      assert.deepEqual(validateAdaptiveCard(answer), []);
    }
    for (let i = 0; i < 50 && JSON.stringify(await assignedTo()) !== JSON.stringify(expected); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await assignedTo(), expected);
    const audit = (await fs.readFile(path.join(dataDir, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const assigned = audit.filter(
      (e) => e.action === 'alert.assign' && e.outcome === 'success' && e.actor?.id === AS.sam.aadObjectId,
    );
    assert.deepEqual(
      assigned.map((e) => e.alertId).sort(),
      expected.flatMap((v, i) => (v ? [ids[i]] : [])).sort(),
      'each change audited',
    );
  });
});

/** The first action anywhere in a card (also inside Action.ShowCard forms) with this verb. */
function findAction(card: unknown, verb: string): { verb: string; data: unknown } | undefined {
  if (Array.isArray(card)) {
    for (const c of card) {
      const found = findAction(c, verb);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof card !== 'object' || card === null) return undefined;
  const node = card as Record<string, unknown>;
  if (node.type === 'Action.Execute' && node.verb === verb) return { verb, data: node.data };
  for (const value of Object.values(node)) {
    const found = findAction(value, verb);
    if (found) return found;
  }
  return undefined;
}

/** The most calls that arrived within any span shorter than `windowMs` (minus a little network slack). */
function maxInWindow(times: number[], windowMs: number, slackMs = 40): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs - slackMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}
