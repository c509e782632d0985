import { strict as assert } from 'node:assert';
import { TEAM_ID, cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { executeActions } from '../support/card-tree.js';
import type { BotProcess } from '../support/bot-process.js';
import type { FakeTeamsConnector, FakeTeamsMember, RecordedCall } from '../support/fake-teams-connector.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { alertIdIn, cardOf } from '../support/recorded-calls.js';
import {
  dlpAlertsOf,
  rawAlertsIn,
  readTenantFile,
  subjectOf,
  type RawAlert,
  type TenantFile,
} from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: who sees their own view of a channel card without asking (refresh.userIds), and what a person
 * sees after acting on it. The team's roster is the demo personas, as Teams serves them (GET .../pagedmembers).
 */

const CARD = 'application/vnd.microsoft.card.adaptive';
const PERSONAS = [AS.avery, AS.sam, AS.emma, AS.rui, AS.vic, AS.mia, AS.olu];

describe('black box: per-user card views (refresh.userIds, the actor’s full view)', function () {
  this.timeout(180_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let tenant: TenantFile;
  const threads = new Map<string, RecordedCall>();
  const used = new Set<string>();

  const upnOf = (p: TeamsFrom) => tenant.directory.users.find((u) => u.id === p.aadObjectId)!.userPrincipalName;
  /** An untouched, open, unassigned alert of a subject in `region` (null: in no AU), once per test. */
  function fresh(region: string | null): RawAlert {
    const found = rawAlertsIn(tenant, region).find(
      (a) => !used.has(a.id) && a.status === 'new' && !a.assignedTo && threads.has(a.id),
    );
    assert.ok(found, `an untouched alert in ${region ?? 'no AU'} is left`);
    used.add(found.id);
    return found;
  }
  /** The refresh.userIds of the channel card as it is now (after its latest update). */
  const userIdsOf = (alertId: string): string[] | undefined =>
    connector.activity(threads.get(alertId)!.activityId!)?.attachments?.[0]?.content?.refresh?.userIds;

  async function click(from: TeamsFrom, verb: string, data: Record<string, unknown>) {
    const thread = threads.get(String(data.alertId));
    const activity = cardAction({ serviceUrl, from, conversationId: thread?.conversationId }, verb, data);
    const res = await bot.send({ ...activity, replyToId: thread?.activityId });
    assert.equal(res.status, 200, `HTTP status of ${verb}`);
    return { type: res.body.type as string, value: res.body.value as any };
  }

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-e2e-views-', {
      env: { DEMO_ALERT_INTERVAL_SECONDS: '0' },
    }));
    tenant = await readTenantFile(dataDir);
    connector.members = PERSONAS.map((p): FakeTeamsMember => ({
      id: p.id,
      aadObjectId: p.aadObjectId,
      name: p.name,
      userPrincipalName: upnOf(p),
    }));
    assert.equal((await bot.send(installInTeam({ serviceUrl, from: AS.avery }))).status, 200);
    const count = dlpAlertsOf(tenant).length;
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= count, 90_000);
    for (const call of connector.threadsIn(TEAM_ID)) threads.set(alertIdIn(cardOf(call))!, call);
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  describe('a posted channel card refreshes by itself for exactly the members who may see more', () => {
    const cases: [string | null, TeamsFrom[]][] = [
      ['APAC', [AS.avery, AS.sam, AS.rui]],
      ['EMEA', [AS.avery, AS.sam, AS.emma, AS.rui]],
      [null, [AS.avery, AS.sam, AS.rui]],
    ];
    for (const [region, listed] of cases) {
      it(`${region ?? 'no AU'}: ${listed.map((p) => p.name).join(', ')}; not the viewer, the manager, out-of-scope or ungranted members`, () => {
        const alert = rawAlertsIn(tenant, region)[0]!;
        const card = cardOf(threads.get(alert.id)!);
        assert.deepEqual(validateAdaptiveCard(card), []);
        assert.deepEqual(new Set(card.refresh.userIds), new Set(listed.map((p) => p.id)));
        assert.equal(card.refresh.action.verb, 'alert.refresh');
        for (const p of [AS.vic, AS.mia, AS.olu]) assert.ok(!card.refresh.userIds.includes(p.id), p.name);
      });
    }

    it('the posted card is the summary for everyone: no subject, only Refresh', () => {
      const alert = rawAlertsIn(tenant, 'EMEA')[0]!;
      const card = cardOf(threads.get(alert.id)!);
      const subject = subjectOf(tenant, alert)!;
      assert.ok(!JSON.stringify(card).includes(subject.displayName), 'no subject name on the shared card');
      // Show incident is a view too: it answers the clicker only, with what they may see (checked on the server).
      const views = alert.incidentId ? ['alert.refresh', 'incident.show'] : ['alert.refresh'];
      assert.deepEqual([...new Set(executeActions(card).map((a) => a.verb))], views);
    });

    it('`alert <id>` in the channel posts the same summary card, listing the same people', async () => {
      const alert = rawAlertsIn(tenant, 'APAC')[1]!;
      const activity = mentionMessage({ serviceUrl, from: AS.vic }, `alert ${alert.id}`);
      assert.equal((await bot.send(activity)).status, 200);
      await connector.waitFor((c) => c.posted.some((p) => p.replyToId === activity.id));
      const card = cardOf(connector.posted.find((p) => p.replyToId === activity.id)!);
      assert.deepEqual(new Set(card.refresh.userIds), new Set([AS.avery, AS.sam, AS.rui].map((p) => p.id)));
      assert.ok(!JSON.stringify(card).includes(subjectOf(tenant, alert)!.displayName));
    });

    it('a viewer who refreshes by hand still gets the summary facts (no subject)', async () => {
      const alert = rawAlertsIn(tenant, 'EMEA')[0]!;
      const { type, value } = await click(AS.vic, 'alert.refresh', { alertId: alert.id });
      assert.equal(type, CARD);
      assert.ok(!JSON.stringify(value).includes(subjectOf(tenant, alert)!.displayName));
    });
  });

  describe('after an action, the actor gets their own full view', () => {
    const fullView = (value: any, alert: RawAlert, what: string) => {
      assert.ok(value && typeof value === 'object', `${what}: a card, not a message (${String(value).slice(0, 120)})`);
      assert.deepEqual(validateAdaptiveCard(value), [], `${what}: a valid 1.5 card`);
      const subject = subjectOf(tenant, alert)!;
      assert.ok(JSON.stringify(value).includes(subject.displayName), `${what}: shows who (the subject)`);
      const top = (value.actions as any[]).map((a) => a.verb ?? a.title);
      assert.ok(top.includes('alert.details'), `${what}: Details is on the first row (${top.join(', ')})`);
    };

    it('refresh, assign to me, comment, classify, status, share and unshare', async () => {
      const alert = fresh('APAC');
      let version = alert.lastUpdateDateTime;
      const steps: [string, Record<string, unknown>][] = [
        ['alert.refresh', {}],
        ['alert.assignToMe', {}],
        ['alert.comment', { comment: 'Looking into it' }],
        [
          'alert.classify',
          { classification: 'truePositive', determination: 'maliciousUserActivity', resolve: 'false' },
        ],
        ['alert.setStatus', { status: 'inProgress' }],
        ['alert.share', {}],
        ['alert.unshare', {}],
      ];
      for (const [verb, data] of steps) {
        const { type, value } = await click(AS.sam, verb, { alertId: alert.id, version, ...data });
        assert.equal(type, CARD, `${verb}: ${String(value).slice(0, 200)}`);
        fullView(value, alert, verb);
        version = value.refresh?.action?.data?.version ?? version;
      }
    });

    it('assign someone else, and back from a remediation plan (Cancel) and result', async () => {
      const alert = fresh('EMEA');
      const assign = await click(AS.rui, 'alert.assign', {
        alertId: alert.id,
        version: alert.lastUpdateDateTime,
        assignee: AS.emma.aadObjectId,
      });
      fullView(assign.value, alert, 'alert.assign');
      const shared = () => connector.activity(threads.get(alert.id)!.activityId!)?.attachments?.[0]?.content;
      await connector.waitFor(() => shared()?.refresh?.action?.data?.version !== alert.lastUpdateDateTime);
      assert.deepEqual(
        new Set(userIdsOf(alert.id)),
        new Set([AS.avery, AS.sam, AS.emma, AS.rui].map((p) => p.id)),
        'the updated channel card lists them too',
      );
      const plan = await click(AS.rui, 'alert.remediate', { alertId: alert.id, action: 'revokeSessions' });
      assert.equal(plan.type, CARD);
      const cancel = executeActions(plan.value).find((a) => a.title === 'Cancel')!;
      fullView((await click(AS.rui, cancel.verb, cancel.data)).value, alert, 'Cancel');
    });
  });
});
