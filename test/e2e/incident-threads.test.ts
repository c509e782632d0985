import { strict as assert } from 'node:assert';
import { TEAM_ID, mentionMessage } from '../support/activities.js';
import { DLP_EMEA_CHANNEL } from '../support/personas.js';
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
    const said = connector.posted.map((c) => JSON.stringify(c.body));
    assert.ok(
      said.some((t) => /Alerts of one incident share one thread here/.test(t)),
      'the answer says so',
    );
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

  it('route add … group=incident: the alerts the rule sends share one thread per incident; a bad grouping is refused', async () => {
    box = await startBlackBox('dlp-group-route-', { env: { POLL_INTERVAL_SECONDS: '1' } });
    const { connector, dataDir, serviceUrl } = box;
    const dlp = dlpAlertsOf(await readTenantFile(dataDir));
    const incidentOf = new Map(dlp.map((a) => [String(a.id), String(a.incidentId)]));
    const grouped = dlp.find((a) => dlp.some((b) => b !== a && b.incidentId === a.incidentId))!;
    const policy = String(grouped.additionalData.dlpPolicyName);
    const say = async (text: string) => {
      const before = connector.posted.length;
      const res = await box!.bot.send(mentionMessage({ serviceUrl, channelId: DLP_EMEA_CHANNEL }, text));
      assert.equal(res.status, 200);
      // The answer is among what was posted during the turn (cards may be posted meanwhile too).
      return JSON.stringify(res.body ?? '') + JSON.stringify(connector.posted.slice(before).map((c) => c.body));
    };
    assert.match(await say(`route add policy="${policy}" group=everything`), /Unknown grouping/);
    assert.match(await say(`route add policy="${policy}" group=incident`), /Added rule 1/);
    const ruled = dlp.filter((a) => a.additionalData.dlpPolicyName === policy);
    await connector.waitFor(
      () => dlp.every((a) => cardsPosted(box!, DLP_EMEA_CHANNEL).some((p) => p.alertId === a.id)),
      90_000,
    );
    await new Promise((r) => setTimeout(r, 1_500)); // nothing more may follow

    const posted = cardsPosted(box, DLP_EMEA_CHANNEL);
    assert.equal(posted.length, dlp.length, 'every alert posted once (the rule made DLP EMEA the default too)');
    const threadOf = new Map(posted.map((p) => [p.alertId, p.thread]));
    const ruledIncidents = new Set(ruled.map((a) => incidentOf.get(String(a.id))));
    for (const incident of ruledIncidents) {
      const threads = new Set(ruled.filter((a) => a.incidentId === incident).map((a) => threadOf.get(String(a.id))));
      assert.equal(threads.size, 1, `the rule's alerts of incident ${incident} share one thread`);
    }
    const others = dlp.filter((a) => !ruled.includes(a)).map((a) => threadOf.get(String(a.id)));
    assert.equal(new Set(others).size, others.length, 'alerts no grouping rule sent have a thread each');
  });
});

/** Each alert card the bot posted in the test team's channel: the alert, and the thread it is in. */
function cardsPosted({ connector }: BlackBox, channelId = TEAM_ID): { alertId: string; thread: string }[] {
  return connector.posted
    .map((c) => ({ alertId: alertIdIn(c.body?.activity ?? c.body), thread: c.conversationId }))
    .filter(
      (p): p is { alertId: string; thread: string } =>
        p.alertId !== undefined && p.thread?.startsWith(`${channelId};messageid=`) === true,
    );
}
