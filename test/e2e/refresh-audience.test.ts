import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam } from '../support/activities.js';
import type { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import type { FakeTeamsConnector, FakeTeamsMember, RecordedCall } from '../support/fake-teams-connector.js';
import { buildLocalAccessPolicy } from '../../src/backends/local/local-access-policy.js';
import { AS } from '../support/personas.js';
import { alertIdIn, cardOf } from '../support/recorded-calls.js';
import { dlpAlertsOf, readTenantFile, type RawAlert } from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: refresh.userIds in a team of 70 people who may all work on every alert (Teams lists at most
 * 60), and a roster that Teams fails to serve or serves slowly: cards still go out, without userIds.
 */

const SAM_UPN = 'sam.analyst@contoso.example';
/** 69 analysts whose Entra object ids sort before every persona's (`a0000000-…`), so Sam comes last by id. */
const ANALYSTS: FakeTeamsMember[] = Array.from({ length: 69 }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return {
    id: `29:analyst-${n}`,
    aadObjectId: `90000000-0000-4000-8000-0000000000${n}`,
    name: `Analyst ${n}`,
    userPrincipalName: `analyst${n}@contoso.example`,
  };
});
const MEMBERS_PATH = /\/pagedmembers/;

describe('black box: refresh.userIds with 70 members, and when the roster fails or is slow', function () {
  this.timeout(180_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let samsAlert: RawAlert;
  const threads = new Map<string, RecordedCall>();
  let version = '';

  const sharedCard = (alertId: string) =>
    connector.activity(threads.get(alertId)!.activityId!)?.attachments?.[0]?.content;

  /** Sam comments on his alert; resolves once the channel card shows the new version. */
  async function samComments(text: string): Promise<any> {
    const thread = threads.get(samsAlert.id)!;
    const activity = cardAction({ serviceUrl, from: AS.sam, conversationId: thread.conversationId }, 'alert.comment', {
      alertId: samsAlert.id,
      version,
      comment: text,
    });
    const res = await bot.send(activity);
    assert.equal(res.body?.type, 'application/vnd.microsoft.card.adaptive', JSON.stringify(res.body).slice(0, 300));
    version = res.body.value.refresh.action.data.version;
    await connector.waitFor(() => sharedCard(samsAlert.id)?.refresh?.action?.data?.version === version, 20_000);
    return sharedCard(samsAlert.id);
  }

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-e2e-audience-', {
      env: { DEMO_ALERT_INTERVAL_SECONDS: '0' },
      connector: {
        members: [
          ...ANALYSTS,
          { id: AS.sam.id, aadObjectId: AS.sam.aadObjectId, name: AS.sam.name, userPrincipalName: SAM_UPN },
        ],
      },
      prepare: async (dir) => {
        const policy = buildLocalAccessPolicy();
        for (const a of ANALYSTS)
          policy.grants.push({ name: a.name!, user: a.aadObjectId!, roles: ['analyst'], scope: 'unrestricted' });
        await fs.writeFile(path.join(dir, 'access-policy.json'), JSON.stringify(policy));
      },
    }));
    const alerts = dlpAlertsOf(await readTenantFile(dataDir));
    const found = alerts.find((a) => a.assignedTo === SAM_UPN && a.status !== 'resolved');
    assert.ok(found, 'the seed assigns an open alert to Sam');
    samsAlert = found;
    version = found.lastUpdateDateTime;
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('when Teams fails to serve the roster, every card is still posted, without userIds, and it is logged', async () => {
    connector.failWhen(({ path: p }) => (MEMBERS_PATH.test(p) ? { status: 500 } : undefined));
    const count = dlpAlertsOf(await readTenantFile(dataDir)).length;
    assert.equal((await bot.send(installInTeam({ serviceUrl, from: AS.avery }))).status, 200);
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= count, 90_000);
    for (const call of connector.threadsIn(TEAM_ID)) threads.set(alertIdIn(cardOf(call))!, call);
    assert.ok(
      connector.calls.some((c) => MEMBERS_PATH.test(c.path) && c.status === 500),
      'the roster was asked',
    );
    for (const call of connector.threadsIn(TEAM_ID)) {
      const card = cardOf(call);
      assert.equal(card.refresh.action.verb, 'alert.refresh');
      assert.equal('userIds' in card.refresh, false, 'no userIds: as without a roster');
    }
    assert.ok(bot.logs.some((l) => l.msg === 'card sent without per-user refresh: no roster'));
  });

  it('when the roster does not answer, a card update still goes out, without userIds', async () => {
    connector.clearFailures();
    connector.stallWhen(({ path: p }) => MEMBERS_PATH.test(p));
    const card = await samComments('Checking with the user');
    assert.equal('userIds' in card.refresh, false);
    assert.ok(
      connector.calls.some((c) => MEMBERS_PATH.test(c.path) && c.status === 0),
      'the roster is still pending',
    );
    assert.ok(bot.logs.some((l) => l.msg === 'card sent without per-user refresh: roster is slow'));
  });

  it('once it answers: at most 60, the assignee first, then by Entra object id', async () => {
    connector.releaseStalls();
    await connector.waitFor((c) => c.calls.filter((x) => MEMBERS_PATH.test(x.path)).at(-1)?.status === 200);
    const card = await samComments('Still checking');
    assert.deepEqual(validateAdaptiveCard(card), []);
    const ids: string[] = card.refresh.userIds;
    assert.equal(ids.length, 60);
    assert.equal(ids[0], AS.sam.id, 'the assignee first, though last by id');
    assert.deepEqual(
      ids.slice(1),
      ANALYSTS.slice(0, 59).map((a) => a.id),
      'then the first 59 by Entra object id',
    );
  });
});
