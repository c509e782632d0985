import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { FakeTeamsConnector, type FakeTeamsMember, type RecordedCall } from '../support/fake-teams-connector.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { nodes } from '../support/card-tree.js';
import { alertIdIn, cardOf } from '../support/recorded-calls.js';
import { dlpAlertsOf, readTenantFile, subjectIdOf, type RawAlert } from '../support/seed-tenant.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: Assign in a team whose members Teams identifies by Teams member ids (`29:…`), each with its
 * Entra object id, as Teams and the Agents Playground serve them (GET .../pagedmembers). The playground's
 * people picker answers with the Teams member id, so a `29:` value must resolve through the team's roster,
 * and nothing the user reads may show an internal id (a `29:` id or a GUID).
 */

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const INTERNAL_ID = /29:|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const NOT_IN_DIRECTORY = /not in the directory \(or cannot be found\)\. Pick someone from the list/;

const member = (p: TeamsFrom & { aadObjectId: string }, upn: string): FakeTeamsMember => ({
  id: p.id,
  aadObjectId: p.aadObjectId,
  name: p.name,
  userPrincipalName: upn,
  email: upn,
  userRole: 'user',
});
const upnOf = (p: TeamsFrom) => `${p.name.toLowerCase().replace(' ', '.')}@contoso.example`;
const TEAM = [AS.avery, AS.sam, AS.emma, AS.rui, AS.vic, AS.mia].map((p) => member(p, upnOf(p)));

/** Every element of a card (body, actions, show-cards) whose `id` is `id`. */
const elementsWithId = (card: unknown, id: string): any[] => nodes(card).filter((n) => n.id === id);

describe('black box: Assign by Teams member id, resolved through the team roster (real server over HTTP)', function () {
  this.timeout(90_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let alerts: RawAlert[];
  let emeaUnit: string[];
  const threads = new Map<string, RecordedCall>();
  const used = new Set<string>();

  const readAlerts = async () => dlpAlertsOf(await readTenantFile(dataDir));

  /** An untouched alert outside the EMEA unit (Emma and Mia may not work on it), used once per test. */
  function freshAlert(): RawAlert {
    const found = alerts.find(
      (a) =>
        !used.has(a.id) &&
        a.status === 'new' &&
        !a.assignedTo &&
        !emeaUnit.includes(subjectIdOf(a) ?? '') &&
        threads.has(a.id),
    );
    assert.ok(found, 'an untouched non-EMEA alert is left');
    used.add(found.id);
    return found;
  }

  async function click(from: TeamsFrom, verb: string, data: Record<string, unknown>) {
    const thread = threads.get(String(data.alertId));
    const res = await bot.send(
      cardAction({ serviceUrl, from, conversationId: thread?.conversationId }, verb, data, thread?.activityId),
    );
    assert.equal(res.status, 200, `HTTP status of ${verb}`);
    assert.equal(res.body?.statusCode, 200, `invoke status of ${verb}`);
    return { type: res.body.type as string, value: res.body.value as any };
  }

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-e2e-assign-', {
      connector: { members: TEAM },
      env: { DEMO_ALERT_INTERVAL_SECONDS: '0' },
    }));
    const tenant = JSON.parse(await fs.readFile(path.join(dataDir, 'local-tenant.json'), 'utf8'));
    alerts = dlpAlertsOf(tenant);
    emeaUnit = tenant.directory.administrativeUnits.find(
      (au: { displayName: string }) => au.displayName === 'EMEA',
    ).members;
    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= alerts.length, 60_000);
    for (const call of connector.threadsIn(TEAM_ID)) {
      const alertId = alertIdIn(cardOf(call));
      if (alertId) threads.set(alertId, call);
    }
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('Assign offers exactly the team members who may work on the alert, by Entra object id, and no people picker', async () => {
    const alert = freshAlert();
    const answer = await click(AS.avery, 'alert.refresh', { alertId: alert.id, version: alert.lastUpdateDateTime });
    assert.equal(answer.type, CARD);
    assert.deepEqual(validateAdaptiveCard(answer.value), [], 'a valid Adaptive Card 1.5');
    const [input, ...others] = elementsWithId(answer.value, 'assignee');
    assert.equal(others.length, 0, 'one assignee input');
    assert.equal(input.type, 'Input.ChoiceSet');
    // The people picker (Data.Query) lists everyone in the conversation and answers with Teams member ids.
    assert.equal(input['choices.data'], undefined, 'no people picker');
    const offered = (input.choices as { title: string; value: string }[]).map((c) => `${c.title}=${c.value}`).sort();
    assert.deepEqual(
      offered,
      [AS.avery, AS.rui, AS.sam].map((p) => `${p.name}=${p.aadObjectId}`).sort(),
      'admin, responder, unrestricted analyst; not Emma/Mia (EMEA only) nor Vic (viewer)',
    );
  });

  it('alert.assign with a Teams member id (29:sam-analyst) assigns Sam', async () => {
    const alert = freshAlert();
    const answer = await click(AS.avery, 'alert.assign', {
      alertId: alert.id,
      version: alert.lastUpdateDateTime,
      assignee: AS.sam.id,
    });
    assert.equal(answer.type, CARD, `a card, not a message: ${typeof answer.value === 'string' ? answer.value : ''}`);
    assert.equal(answer.value.body[0].text, 'Assigned to Sam Analyst.');
    const after = (await readAlerts()).find((a) => a.id === alert.id)!;
    assert.equal(after.assignedTo, 'sam.analyst@contoso.example');
    const [input] = elementsWithId(answer.value, 'assignee');
    assert.equal(input.type, 'Input.ChoiceSet', 'the answer card still offers the team members, not a UPN field');
  });

  it('a Teams member id of someone who may not work on the alert is refused by name, and changes nothing', async () => {
    const alert = freshAlert();
    const answer = await click(AS.avery, 'alert.assign', {
      alertId: alert.id,
      version: alert.lastUpdateDateTime,
      assignee: AS.vic.id,
    });
    assert.equal(answer.type, MESSAGE);
    assert.match(answer.value, /^Vic Viewer cannot work on this alert/);
    assert.doesNotMatch(answer.value, INTERNAL_ID);
    assert.equal((await readAlerts()).find((a) => a.id === alert.id)!.assignedTo ?? null, null);
  });

  for (const [what, assignee] of [
    ['a Teams member id not in the team', '29:nobody-here'],
    ['an Entra object id not in the directory', 'a0000000-0000-4000-8000-0000000000ff'],
  ] as const) {
    it(`${what} gets "not in the directory" with no internal id, and changes nothing`, async () => {
      const alert = freshAlert();
      const answer = await click(AS.avery, 'alert.assign', {
        alertId: alert.id,
        version: alert.lastUpdateDateTime,
        assignee,
      });
      assert.equal(answer.type, MESSAGE);
      assert.match(answer.value, NOT_IN_DIRECTORY);
      assert.doesNotMatch(answer.value, INTERNAL_ID, 'no 29: id or GUID in the message');
      const after = (await readAlerts()).find((a) => a.id === alert.id)!;
      assert.equal(after.assignedTo ?? null, null);
      assert.equal(after.lastUpdateDateTime, alert.lastUpdateDateTime);
    });
  }
});
