import { strict as assert } from 'node:assert';
import {
  TEAM_ID,
  cardAction,
  installInTeam,
  mentionMessage,
  personalCardAction,
  personalMessage,
} from '../support/activities.js';
import type { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { executeActions, nodesOfType, type ExecuteAction } from '../support/card-tree.js';
import type { FakeTeamsConnector, FakeTeamsMember, RecordedCall } from '../support/fake-teams-connector.js';
import { AS, DLP_EMEA_CHANNEL, type TeamsFrom } from '../support/personas.js';
import { cardOf } from '../support/recorded-calls.js';
import { dlpAlertsOf, rawAlertsIn, readTenantFile, subjectOf, type TenantFile } from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: Open in lists (`my alerts`, the digest's lists) sends the alert's card as a new message in the
 * same conversation and leaves the list alone; the SLA list names the assignee and how long past SLA.
 */

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';
const SAM_CHAT = 'a:personal-sam';
const THREAD = `${TEAM_ID};messageid=1600000000001`;
const PERSONAS = [AS.avery, AS.sam, AS.emma, AS.rui, AS.vic, AS.mia, AS.olu];

describe('black box: Open in lists sends a new message; SLA lists name the assignee and the overdue time', function () {
  this.timeout(180_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let tenant: TenantFile;

  const nameOf = (upn: string) => tenant.directory.users.find((u) => u.userPrincipalName === upn)!.displayName;
  /** Sends `activity` and returns the bot's in-turn reply (a list card). */
  async function listFrom(activity: { id: string }): Promise<RecordedCall> {
    assert.equal((await bot.send(activity)).status, 200);
    await connector.waitFor((c) => c.posted.some((p) => p.replyToId === activity.id));
    return connector.posted.find((p) => p.replyToId === activity.id)!;
  }
  const opens = (card: unknown): ExecuteAction[] => executeActions(card).filter((a) => a.title === 'Open');
  /** Clicks and returns the answer, and the messages the outbox then sends into `conversationId`. */
  async function open(
    activity: object,
    conversationId: string,
  ): Promise<{ type: string; value: any; sent: () => RecordedCall[] }> {
    const before = connector.messagesIn(conversationId).length;
    const res = await bot.send(activity);
    assert.equal(res.status, 200);
    return {
      type: res.body.type,
      value: res.body.value,
      sent: () => connector.messagesIn(conversationId).slice(before),
    };
  }

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-e2e-open-', {
      env: { DEMO_ALERT_INTERVAL_SECONDS: '0' },
    }));
    tenant = await readTenantFile(dataDir);
    const upn = (p: TeamsFrom) => tenant.directory.users.find((u) => u.id === p.aadObjectId)!.userPrincipalName;
    connector.members = PERSONAS.map((p): FakeTeamsMember => ({
      id: p.id,
      aadObjectId: p.aadObjectId,
      name: p.name,
      userPrincipalName: upn(p),
    }));
    assert.equal((await bot.send(installInTeam({ serviceUrl, from: AS.avery }))).status, 200);
    const count = dlpAlertsOf(tenant).length;
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= count, 90_000);
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('my alerts in a personal chat: Open sends Sam his own view of the alert as a new message there', async () => {
    const list = await listFrom(personalMessage({ serviceUrl, from: AS.sam, conversationId: SAM_CHAT }, 'my alerts'));
    const [first] = opens(cardOf(list));
    assert.ok(first, 'the list has an Open button');
    const answer = await open(
      personalCardAction({ serviceUrl, from: AS.sam, conversationId: SAM_CHAT }, first.verb, first.data),
      SAM_CHAT,
    );
    assert.equal(answer.type, MESSAGE, 'the list card is not replaced');
    assert.match(answer.value, /on its way/);
    await connector.waitFor(() => answer.sent().length > 0);
    const card = cardOf(answer.sent()[0]!);
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.ok(executeActions(card).every((a) => a.data.alertId === first.data.alertId));
    const raw = dlpAlertsOf(tenant).find((a) => a.id === first.data.alertId)!;
    assert.ok(JSON.stringify(card).includes(subjectOf(tenant, raw)!.displayName), 'his own full view');
    assert.ok(!connector.updated.some((u) => u.activityId === list.activityId), 'the list message is left alone');
  });

  it('my alerts in a channel thread: Open posts the summary card in that thread, refreshing for those who may see more', async () => {
    const list = await listFrom(mentionMessage({ serviceUrl, from: AS.sam, conversationId: THREAD }, 'my alerts'));
    const [first] = opens(cardOf(list));
    assert.ok(first);
    const answer = await open(
      cardAction({ serviceUrl, from: AS.sam, conversationId: THREAD }, first.verb, first.data),
      THREAD,
    );
    assert.equal(answer.type, MESSAGE);
    await connector.waitFor(() => answer.sent().length > 0);
    const card = cardOf(answer.sent()[0]!);
    assert.deepEqual(validateAdaptiveCard(card), []);
    const raw = dlpAlertsOf(tenant).find((a) => a.id === first.data.alertId)!;
    assert.ok(!JSON.stringify(card).includes(subjectOf(tenant, raw)!.displayName), 'the summary: everyone reads it');
    assert.ok(card.refresh.userIds.includes(AS.sam.id) && !card.refresh.userIds.includes(AS.vic.id));
    assert.ok(!connector.updated.some((u) => u.activityId === list.activityId), 'the list message is left alone');
  });

  it('in a channel bound to EMEA, Open of an APAC alert is refused and sends nothing; Olu is refused everywhere', async () => {
    const setup = mentionMessage({ serviceUrl, from: AS.avery, channelId: DLP_EMEA_CHANNEL }, 'triage here au=EMEA');
    await listFrom(setup);
    const apac = rawAlertsIn(tenant, 'APAC')[0]!;
    const data = { alertId: apac.id, version: apac.lastUpdateDateTime };
    const refused = await open(
      cardAction({ serviceUrl, from: AS.sam, channelId: DLP_EMEA_CHANNEL }, 'alert.openHere', data),
      DLP_EMEA_CHANNEL,
    );
    assert.equal(refused.type, MESSAGE);
    assert.match(refused.value, /only shows alerts of AU EMEA/);
    const olu = await open(
      personalCardAction({ serviceUrl, from: AS.olu, conversationId: 'a:personal-olu' }, 'alert.openHere', data),
      'a:personal-olu',
    );
    assert.deepEqual({ type: olu.type, value: olu.value }, { type: MESSAGE, value: NOT_FOUND });
    // Refused before anything is queued: nothing goes to either conversation.
    assert.deepEqual([...refused.sent(), ...olu.sent()], []);
  });

  it('the digest’s past-SLA list names each assignee and how long past SLA; its Open sends a new message too', async () => {
    const list = await open(
      personalCardAction({ serviceUrl, from: AS.sam, conversationId: SAM_CHAT }, 'digest.slaBreaches', {}),
      SAM_CHAT,
    );
    assert.equal(list.type, CARD);
    assert.deepEqual(validateAdaptiveCard(list.value), []);
    const rows = nodesOfType(list.value, 'Container').filter((c) => opens(c).length === 1);
    assert.ok(rows.length > 0, 'something is past its SLA in the seed');
    const alerts = dlpAlertsOf(await readTenantFile(dataDir));
    let assigned = 0;
    for (const row of rows) {
      const raw = alerts.find((a) => a.id === opens(row)[0]!.data.alertId)!;
      const texts = nodesOfType(row, 'TextBlock').map((t) => String(t.text));
      const who = raw.assignedTo ? nameOf(raw.assignedTo) : 'Unassigned';
      if (raw.assignedTo) assigned += 1;
      assert.ok(
        texts.some((t) => new RegExp(`^${who} · past SLA by \\d+ (min|h|d)`).test(t)),
        `${raw.id}: ${texts.join(' | ')}`,
      );
    }
    assert.ok(assigned > 0, 'an assigned alert is listed, by display name');
    const answer = await open(
      personalCardAction(
        { serviceUrl, from: AS.sam, conversationId: SAM_CHAT },
        opens(rows[0])[0]!.verb,
        opens(rows[0])[0]!.data,
      ),
      SAM_CHAT,
    );
    assert.equal(answer.type, MESSAGE);
    await connector.waitFor(() => answer.sent().length > 0);
  });
});
