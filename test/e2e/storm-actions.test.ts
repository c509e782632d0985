import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam } from '../support/activities.js';
import { buildStormAlerts } from '../../src/backends/local/local-seed-storm.js';
import { buildSeedTenant, PERSONAS } from '../../src/backends/local/local-seed.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { startBlackBox, stopBlackBox, type BlackBox } from '../support/black-box.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { dlpAlertsOf, type RawAlert } from '../support/seed-tenant.js';
import { alertIdsOf, findAction, latestCard, stormCardsIn, threadAlertId } from '../support/storm-tenant.js';

/*
 * Black box: the storm card's actions through the real server process. The storm is in the tenant before
 * the bot starts and the bot polls once, so a change made later in the tenant (as in the portal) is one
 * the storm card has not seen.
 */
describe('black box: acting on a whole storm (real server over HTTP)', function () {
  this.timeout(180_000);
  let box: BlackBox;
  /** The storm's alerts in order: the first opened a thread, the other five are on the storm card. */
  let ids: string[];
  /** The storm card's "Assign all to me", as drawn before one of its alerts changed in the portal. */
  let assignAll: { verb: string; data: unknown };
  const stale = () => ids[3]!;
  const file = () => path.join(box.dataDir, 'local-tenant.json');
  const threadOfFirst = () => box.connector.threadsIn(TEAM_ID).find((t) => threadAlertId(t) === ids[0]);
  /** The storm card in the first alert's thread, as it reads now. */
  const stormCard = () => {
    const thread = threadOfFirst();
    return thread ? stormCardsIn(box.connector, [thread]).map((c) => latestCard(box.connector, c))[0] : undefined;
  };

  before(async () => {
    const tenant = buildSeedTenant(new Date());
    const base = dlpAlertsOf(tenant).find((a) => a.severity === 'high' && a.status === 'new')!;
    const storm = buildStormAlerts(base, { count: 6, firstMs: Date.now() - 5 * 60_000, stepMs: 30_000, key: 'act' });
    tenant.alerts.splice(-1, 0, ...storm);
    ids = storm.map((a) => String(a.id));
    box = await startBlackBox('dlp-storm-act-', {
      env: { POLL_INTERVAL_SECONDS: '3600', STORM_THRESHOLD: '1' },
      prepare: (dir) => fs.writeFile(path.join(dir, 'local-tenant.json'), JSON.stringify(tenant), { mode: 0o600 }),
    });
    await box.bot.send(installInTeam({ serviceUrl: box.serviceUrl }));
    await box.connector.waitFor(() => alertIdsOf(stormCard()).length === 5, 90_000);
    const found = findAction(stormCard(), 'storm.assignToMe');
    assert.ok(found, 'the storm card offers Assign all to me');
    assignAll = found;
    // Someone changes one alert of the storm in the portal; the card still shows the old version.
    const now = JSON.parse(await fs.readFile(file(), 'utf8'));
    const raw = now.alerts.find((a: RawAlert) => a.id === stale());
    raw.status = 'inProgress';
    raw.lastUpdateDateTime = new Date().toISOString().replace('Z', '0000Z');
    await fs.writeFile(file(), JSON.stringify(now));
  });
  after(() => stopBlackBox(box));

  async function click(from: TeamsFrom, action: { verb: string; data: unknown }) {
    const where = { serviceUrl: box.serviceUrl, from, conversationId: threadOfFirst()!.conversationId };
    const res = await box.bot.send(cardAction(where, action.verb, action.data));
    assert.equal(res.status, 200);
    return res.body?.value;
  }
  async function assignedTo(): Promise<(string | null)[]> {
    const t = JSON.parse(await fs.readFile(file(), 'utf8'));
    return ids.map((id) => t.alerts.find((a: RawAlert) => a.id === id).assignedTo as string | null);
  }

  it('someone who may see none of the storm is answered as for a missing alert, and nothing changes', async () => {
    const refused = JSON.stringify(await click(AS.olu, assignAll));
    assert.match(refused, /does not exist \(any more\), or you cannot see it/);
    assert.doesNotMatch(refused, /Contoso|reconciliation|alerts done/, 'nothing about the storm is shown');
    assert.doesNotMatch(refused, /at \S+ \(|\w+Error\b|\.ts:\d+/);
    assert.deepEqual(await assignedTo(), [null, null, null, null, null, null]);
  });

  it('an analyst changes each alert unchanged since the card was drawn; the one changed meanwhile is refused as stale', async () => {
    const answer = await click(AS.sam, assignAll);
    const sam = PERSONAS.find((p) => p.id === AS.sam.aadObjectId)!.userPrincipalName;
    // The first alert opened its own thread: it is not on the storm card.
    const expected = ids.map((id, i) => (i === 0 || id === stale() ? null : sam));
    const text = JSON.stringify(answer);
    // Past the answer deadline (a loaded machine) the answer only says it is still working.
    if (!/taking longer/.test(text)) {
      assert.match(text, /4 alerts done, 1 refused/);
      assert.match(text, /changed since your card was drawn/);
      assert.deepEqual(validateAdaptiveCard(answer), []);
    }
    for (let i = 0; i < 50 && JSON.stringify(await assignedTo()) !== JSON.stringify(expected); i++)
      await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(await assignedTo(), expected);
    const audit = (await fs.readFile(path.join(box.dataDir, 'audit.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const assigned = audit.filter(
      (e) => e.action === 'alert.assign' && e.outcome === 'success' && e.actor?.id === AS.sam.aadObjectId,
    );
    const changed = expected.flatMap((v, i) => (v ? [ids[i]] : []));
    assert.deepEqual(assigned.map((e) => e.alertId).sort(), changed.sort(), 'each change audited');
    // The changed alerts are still tracked: the channel's storm card is drawn again (a newer revision).
    const revisionNow = () => (findAction(stormCard(), 'storm.assignToMe')?.data as { revision: number }).revision;
    const drawn = (assignAll.data as { revision: number }).revision;
    await box.connector.waitFor(() => revisionNow() >= drawn + changed.length, 30_000);
  });
});
