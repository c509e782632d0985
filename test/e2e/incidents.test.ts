import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam, mentionMessage, personalMessage } from '../support/activities.js';
import { startBlackBox, stopBlackBox, type BlackBox } from '../support/black-box.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { executeActions, textsOf, verbsIn } from '../support/card-tree.js';
import type { RecordedCall } from '../support/fake-teams-connector.js';
import { readJsonLines } from '../support/files.js';
import { AS, DLP_EMEA_CHANNEL, type TeamsFrom } from '../support/personas.js';
import { cardOf } from '../support/recorded-calls.js';
import { dlpAlertsOf, readTenantFile, subjectIdOf, unitsOf, type RawAlert } from '../support/seed-tenant.js';

/*
 * Black box: incidents in Teams through the real server process over HTTP (fake Bot Connector, fresh
 * DATA_DIR). The seed's incident 48031 holds two DLP alerts and a Defender for Endpoint alert of Lars (EMEA),
 * tagged VIP; the suite adds a DLP alert of an APAC user to it, so Emma (analyst, EMEA only) sees part of it.
 */

type Json = Record<string, any>;
const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const INCIDENT = '48031';
const APAC_COPY = 'dlf1300000-0000-4000-8000-000000000001';
const NOT_FOUND = 'This incident does not exist (any more), or you cannot see it.';

describe('black box: incidents in Teams (real server over HTTP)', function () {
  this.timeout(180_000);
  let box: BlackBox;
  const threads = new Map<string, RecordedCall>();
  let members: RawAlert[];

  const tenantNow = async () => (await readTenantFile(box.dataDir)) as unknown as Json;
  const incidentNow = async () => (await tenantNow()).incidents.find((i: Json) => i.id === INCIDENT);
  const audit = () => readJsonLines<Json>(path.join(box.dataDir, 'audit.jsonl'));

  async function click(from: TeamsFrom, verb: string, data: Record<string, unknown>) {
    const res = await box.bot.send(cardAction({ serviceUrl: box.serviceUrl, from }, verb, data));
    assert.equal(res.status, 200);
    assert.equal(res.body?.statusCode, 200);
    return { type: res.body.type as string, value: res.body.value as any };
  }

  const showAs = (from: TeamsFrom) => click(from, 'incident.show', { incidentId: INCIDENT });

  before(async () => {
    box = await startBlackBox('dlp-triage-incidents-');
    const tenant = await tenantNow();
    const apac = dlpAlertsOf(tenant as { alerts: unknown[] }).find(
      (a) => unitsOf(tenant as never, subjectIdOf(a)).join() === 'APAC',
    )!;
    tenant.alerts.push({
      ...structuredClone(apac),
      id: APAC_COPY,
      providerAlertId: APAC_COPY.slice(2),
      title: 'APAC alert joined to the Lars incident',
      status: 'new',
      incidentId: INCIDENT,
      lastUpdateDateTime: new Date().toISOString().replace('Z', '0000Z'),
    });
    await fs.writeFile(path.join(box.dataDir, 'local-tenant.json'), JSON.stringify(tenant, null, 2));
    members = tenant.alerts.filter((a: RawAlert) => a.incidentId === INCIDENT);
    assert.deepEqual(members.map((a) => a.serviceSource).sort(), [
      'dataLossPrevention',
      'dataLossPrevention',
      'dataLossPrevention',
      'microsoftDefenderForEndpoint',
    ]);
    assert.equal((await box.bot.send(installInTeam({ serviceUrl: box.serviceUrl, from: AS.avery }))).status, 200);
    const dlpMembers = members.filter((a) => a.serviceSource === 'dataLossPrevention').map((a) => a.id);
    await box.connector.waitFor(() => {
      for (const call of box.connector.threadsIn(TEAM_ID)) {
        const id = executeActions(cardOf(call)).find((a) => a.data.alertId)?.data.alertId;
        if (id && !threads.has(id)) threads.set(id, call);
      }
      return dlpMembers.every((id) => threads.has(id));
    }, 120_000);
  });

  after(() => stopBlackBox(box));

  describe('1. the incident section on alert cards', () => {
    it('each card of the incident names it, counts only the alerts its readers may see, and has Show incident', () => {
      const lars = members.filter((a) => a.serviceSource === 'dataLossPrevention' && a.id !== APAC_COPY);
      for (const alert of lars) {
        const card = cardOf(threads.get(alert.id)!);
        assert.deepEqual(validateAdaptiveCard(card), []);
        const texts = textsOf(card).join('\n');
        assert.match(texts, /Incident: Multi-stage incident involving Exfiltration on one endpoint/);
        assert.match(texts, /High · (Active|In progress) · 3 alerts, with 1 Defender for Endpoint alert/);
        assert.match(texts, /Tags: VIP/);
        const show = executeActions(card).find((a) => a.verb === 'incident.show');
        assert.deepEqual(show?.data, { incidentId: INCIDENT, alertId: alert.id });
        assert.ok(JSON.stringify(card).includes('https://security.microsoft.com/incidents/48031'));
      }
      // The APAC alert's readers may not see Lars's alerts: its card counts itself only.
      const apacTexts = textsOf(cardOf(threads.get(APAC_COPY)!)).join('\n');
      assert.match(apacTexts, /· 1 alert$/m);
      assert.doesNotMatch(apacTexts, /Defender for Endpoint/);
    });
  });

  describe('2. the incident card for a scoped, a partly scoped and an unscoped person', () => {
    it('Sam (unrestricted analyst) sees every alert and every action, and the way back to the alert', async () => {
      const from = members.find((a) => threads.has(a.id))!.id;
      const answer = await click(AS.sam, 'incident.show', { incidentId: INCIDENT, alertId: from });
      assert.equal(answer.type, CARD);
      assert.deepEqual(validateAdaptiveCard(answer.value), []);
      const opened = executeActions(answer.value)
        .filter((a) => a.verb === 'alert.open')
        .map((a) => a.data.alertId);
      // The Defender for Endpoint alert is listed, without Open: this DLP-only bot has no card for it.
      const dlp = (a: RawAlert) => a.serviceSource === 'dataLossPrevention';
      assert.deepEqual(
        opened.sort(),
        members
          .filter(dlp)
          .map((a) => a.id)
          .sort(),
      );
      const endpoint = members.find((a) => !dlp(a))!;
      assert.ok(textsOf(answer.value).includes(String(endpoint.title)), 'the correlated alert is listed');
      const back = executeActions(answer.value).filter((a) => a.verb === 'alert.refresh');
      assert.deepEqual(
        back.map((a) => a.data),
        [{ alertId: from }],
      );
      for (const verb of [
        'incident.assign',
        'incident.setStatus',
        'incident.classify',
        'incident.comment',
        'incident.tag',
      ])
        assert.ok(verbsIn(answer.value).has(verb), verb);
    });

    it('Emma (EMEA only) sees Lars’s three alerts, no trace of the APAC one, and no action', async () => {
      const answer = await showAs(AS.emma);
      assert.equal(answer.type, CARD);
      const json = JSON.stringify(answer.value);
      const opened = executeActions(answer.value)
        .filter((a) => a.verb === 'alert.open')
        .map((a) => a.data.alertId);
      assert.deepEqual(
        opened.sort(),
        members
          .filter((a) => a.id !== APAC_COPY && a.serviceSource === 'dataLossPrevention')
          .map((a) => a.id)
          .sort(),
      );
      assert.ok(!json.includes(APAC_COPY) && !json.includes('APAC alert joined'), 'no trace of the APAC alert');
      assert.doesNotMatch(json, /\b4\b alerts|of 4/);
      assert.deepEqual([...verbsIn(answer.value)].sort(), ['alert.open', 'incident.show']);
    });

    it('Olu (no grant) gets the not-found answer; `incident 48031` works in a personal chat only', async () => {
      assert.deepEqual(Object.values(await showAs(AS.olu)), [MESSAGE, NOT_FOUND]);
      const chat = { serviceUrl: box.serviceUrl, from: AS.sam, conversationId: 'a:personal-sam' };
      const before = box.connector.posted.length;
      await box.bot.send(personalMessage(chat, `incident ${INCIDENT}`));
      await box.connector.waitFor((c) => c.posted.length > before, 30_000);
      assert.match(JSON.stringify(box.connector.posted.at(-1)!.body), /Multi-stage incident involving Exfiltration/);
      const inChannel = mentionMessage({ serviceUrl: box.serviceUrl, from: AS.sam }, `incident ${INCIDENT}`);
      await box.bot.send(inChannel);
      await box.connector.waitFor((c) => c.posted.some((p) => p.replyToId === inChannel.id), 30_000);
      const refused = box.connector.posted.find((p) => p.replyToId === inChannel.id)!.body;
      assert.match(refused.text, /ask me in a personal chat/);
      assert.equal(refused.attachments, undefined);
    });
  });

  describe('3. each incident action changes the backend and is audited', () => {
    const version = async () => (await incidentNow()).lastUpdateDateTime as string;
    const audited = async (action: string, outcome: string, actor: TeamsFrom) =>
      (await audit()).filter(
        (e) =>
          e.action === action &&
          e.outcome === outcome &&
          e.actor?.id === actor.aadObjectId &&
          e.details?.incidentId === INCIDENT,
      );

    it('Emma (not in scope of every alert) is refused, audited, and nothing changes', async () => {
      const before = await incidentNow();
      const answer = await click(AS.emma, 'incident.tag', {
        incidentId: INCIDENT,
        version: await version(),
        tag: 'Nope',
        op: 'add',
      });
      assert.equal(answer.type, MESSAGE);
      assert.match(answer.value, /you need the analyst role for every one of its alerts/);
      assert.doesNotMatch(answer.value, /APAC/);
      assert.deepEqual(await incidentNow(), before);
      assert.equal((await audited('incident.tag', 'denied', AS.emma)).length, 1);
    });

    it('assign, status, classify, comment and tag write the incident and audit each', async () => {
      const rui = (await tenantNow()).directory.users.find((u: Json) => u.id === AS.rui.aadObjectId);
      const steps: [string, Record<string, unknown>, (i: Json) => boolean, RegExp][] = [
        ['incident.assign', { assignee: rui.id }, (i) => i.assignedTo === rui.userPrincipalName, /Assigned to Rui/],
        ['incident.setStatus', { status: 'inProgress' }, (i) => i.status === 'inProgress', /status set to inProgress/],
        [
          'incident.classify',
          { verdict: 'truePositive:maliciousUserActivity' },
          (i) => i.classification === 'truePositive' && i.determination === 'maliciousUserActivity',
          /Classified as true positive/,
        ],
        [
          'incident.comment',
          { comment: 'Checked with <b>HR</b>' },
          (i) => i.comments.some((c: Json) => /Checked with <b>HR<\/b>$/.test(c.comment)),
          /Comment added/,
        ],
        [
          'incident.tag',
          { tag: '  Escalated ', op: 'add' },
          (i) => i.customTags.join() === 'VIP,Escalated',
          /Tag Escalated added/,
        ],
      ];
      for (const [verb, input, changed, notice] of steps) {
        const answer = await click(AS.sam, verb, { incidentId: INCIDENT, version: await version(), ...input });
        assert.equal(answer.type, CARD, `${verb}: ${JSON.stringify(answer.value).slice(0, 200)}`);
        assert.match(answer.value.body[0].text, notice, verb);
        assert.ok(changed(await incidentNow()), `${verb} changed the incident`);
        assert.equal((await audited(verb, 'success', AS.sam)).length, 1, `${verb} audited`);
      }
      const comment = JSON.stringify((await showAs(AS.sam)).value.body);
      assert.ok(!comment.includes('<b>'), 'user text is escaped on the card');
    });

    it('bad card data gets a short message naming the field, no internals, and changes nothing', async () => {
      const before = await incidentNow();
      const bad: [string, Record<string, unknown>][] = [
        ['incident.tag', { incidentId: '../48031', tag: 'X', op: 'add' }],
        ['incident.tag', { incidentId: INCIDENT, tag: 'X', op: 'toggle' }],
        ['incident.tag', { incidentId: INCIDENT, tag: 'x'.repeat(500), op: 'add' }],
        ['incident.tag', { incidentId: INCIDENT, tag: '<script>', op: 'add' }],
        ['incident.setStatus', { incidentId: INCIDENT, status: 'closed' }],
        ['incident.setStatus', { incidentId: INCIDENT, status: 'active', version: 'yesterday' }],
        ['incident.classify', { incidentId: INCIDENT, verdict: 'truePositive:notMalicious' }],
        ['incident.classify', { incidentId: INCIDENT, verdict: { toString: 1 } }],
        ['incident.comment', { incidentId: INCIDENT, comment: 'x'.repeat(30_001) }],
        ['incident.assign', { incidentId: INCIDENT, assignee: 'nobody' }],
        ['incident.show', { incidentId: ['48031'] }],
      ];
      for (const [verb, data] of bad) {
        const answer = await click(AS.sam, verb, data);
        assert.equal(answer.type, MESSAGE, `${verb} ${JSON.stringify(data).slice(0, 80)}`);
        assert.ok(answer.value.length < 300, answer.value);
        assert.doesNotMatch(answer.value, /at \S+ \(|\w+Error\b|\.ts:\d+|node_modules|ZodError/);
      }
      assert.deepEqual(await incidentNow(), before);
    });

    it('resolving without a comment and a stale click change nothing', async () => {
      const stale = (await incidentNow()).createdDateTime;
      const before = await incidentNow();
      const bare = await click(AS.sam, 'incident.setStatus', {
        incidentId: INCIDENT,
        version: await version(),
        status: 'resolved',
      });
      assert.deepEqual([bare.type, bare.value], [MESSAGE, 'To resolve an incident, say why in a comment.']);
      const old = await click(AS.sam, 'incident.tag', { incidentId: INCIDENT, version: stale, tag: 'Late', op: 'add' });
      assert.equal(old.type, CARD);
      assert.match(old.value.body[0].text, /This incident changed since your card was drawn/);
      assert.deepEqual(await incidentNow(), before);
    });
  });

  describe('4. a tag added from Teams shows on every card of the incident', () => {
    it('every posted card of the incident is updated with the new tag', async () => {
      const carded = members.filter((a) => threads.has(a.id));
      assert.equal(carded.length, 3);
      const tagged = (id: string) =>
        box.connector.updated.some(
          (u) =>
            u.activityId === threads.get(id)!.activityId && /Tags: VIP, Escalated/.test(textsOf(cardOf(u)).join('\n')),
        );
      await box.connector.waitFor(() => carded.every((a) => tagged(a.id)), 60_000);
      const mde = members.find((a) => a.serviceSource !== 'dataLossPrevention')!;
      assert.ok(
        !box.connector.threadsIn(TEAM_ID).some((c) => JSON.stringify(cardOf(c)).includes(mde.id)),
        'no thread for the Defender alert',
      );
    });
  });

  describe('5. route tag=VIP: new alerts of a VIP incident go to that route’s channel', () => {
    async function say(from: TeamsFrom, text: string, channelId: string): Promise<string> {
      const activity = mentionMessage({ serviceUrl: box.serviceUrl, from, channelId }, text);
      assert.equal((await box.bot.send(activity)).status, 200);
      await box.connector.waitFor((c) => c.posted.some((p) => p.replyToId === activity.id), 30_000);
      return String(box.connector.posted.find((p) => p.replyToId === activity.id)!.body?.text ?? '');
    }

    it('an alert joining incident 48031 (VIP) is posted in DLP EMEA; one of an untagged incident in General', async () => {
      assert.match(await say(AS.avery, 'triage here', DLP_EMEA_CHANNEL), /triage channel/);
      assert.match(await say(AS.avery, 'route add tag=VIP', DLP_EMEA_CHANNEL), /Added rule 1/);
      const tenant = await tenantNow();
      const lars = members.find((a) => a.serviceSource === 'dataLossPrevention' && a.id !== APAC_COPY)!;
      const copy = (id: string, incidentId: string, title: string) => ({
        ...structuredClone(lars),
        id,
        providerAlertId: id.slice(2),
        title,
        status: 'new',
        incidentId,
        lastUpdateDateTime: new Date().toISOString().replace('Z', '0000Z'),
      });
      const vip = copy('dlf1300000-0000-4000-8000-000000000002', INCIDENT, 'VIP incident joined');
      const plain = copy('dlf1300000-0000-4000-8000-000000000003', '99913', 'Untagged incident');
      tenant.alerts.push(vip, plain);
      await fs.writeFile(path.join(box.dataDir, 'local-tenant.json'), JSON.stringify(tenant, null, 2));
      const threadOf = (channelId: string, id: string) =>
        box.connector.threadsIn(channelId).some((c) => executeActions(cardOf(c)).some((a) => a.data.alertId === id));
      await box.connector.waitFor(() => threadOf(DLP_EMEA_CHANNEL, vip.id) && threadOf(TEAM_ID, plain.id), 60_000);
      assert.ok(!threadOf(TEAM_ID, vip.id) && !threadOf(DLP_EMEA_CHANNEL, plain.id), 'each in one channel only');
    });
  });
});
