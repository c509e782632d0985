import { strict as assert } from 'node:assert';
import { TEAM_ID, mentionMessage } from '../support/activities.js';
import { startBlackBox, stopBlackBox, type BlackBox } from '../support/black-box.js';
import { alertIdIn } from '../support/recorded-calls.js';
import { dlpAlertsOf, readTenantFile, type RawAlert } from '../support/seed-tenant.js';
import { addToTenant, stormOf, threadAlertId } from '../support/storm-tenant.js';

/*
 * Black box: a channel with one thread per incident (`triage here group=incident`), through the real server
 * process: the seed's incidents that hold several alerts, and a new alert of one of them arriving later.
 */
describe('black box: one thread per incident (real server over HTTP)', function () {
  this.timeout(180_000);
  let box: BlackBox | undefined;
  afterEach(async () => {
    if (box) await stopBlackBox(box);
    box = undefined;
  });

  it('triage here group=incident: one thread per incident, its other alerts (also later ones) replies in it', async () => {
    box = await startBlackBox('dlp-group-', { env: { POLL_INTERVAL_SECONDS: '1' } });
    const { connector, dataDir, serviceUrl } = box;
    const answer = await box.bot.send(mentionMessage({ serviceUrl }, 'triage here default group=incident'));
    assert.equal(answer.status, 200);
    const dlp = dlpAlertsOf(await readTenantFile(dataDir));
    const posted = (alerts: readonly RawAlert[]) => {
      const ids = new Set(cardsPosted(box!).map((p) => p.alertId));
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
    for (const p of cardsPosted(box)) {
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
    const lateCard = cardsPosted(box).find((p) => p.alertId === late!.id)!;
    assert.equal(
      lateCard.thread,
      threadOfIncident.get(String(grouped[0]!.incidentId)),
      'the late alert joined its incident',
    );
  });
});

/** Each alert card the bot posted in the test team's channel: the alert, and the thread it is in. */
function cardsPosted({ connector }: BlackBox): { alertId: string; thread: string }[] {
  return connector.posted
    .map((c) => ({ alertId: alertIdIn(c.body?.activity ?? c.body), thread: c.conversationId }))
    .filter(
      (p): p is { alertId: string; thread: string } =>
        p.alertId !== undefined && p.thread?.startsWith(`${TEAM_ID};messageid=`) === true,
    );
}
