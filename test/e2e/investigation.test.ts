import { strict as assert } from 'node:assert';
import { cardAction, mentionMessage, personalMessage } from '../support/activities.js';
import { startBlackBox, stopBlackBox, type BlackBox } from '../support/black-box.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { executeActions, textsOf } from '../support/card-tree.js';
import { readJsonLines } from '../support/files.js';
import { AS } from '../support/personas.js';
import { readTenantFile, subjectIdOf, unitsOf, type RawAlert, type TenantFile } from '../support/seed-tenant.js';

type Json = any;
const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';

/*
 * Black box: investigating a seeded alert over HTTP on the local backend — the card's five sections, who
 * may investigate, and the audit of who looked at whose activity.
 */
describe('black box: investigating an alert (real server over HTTP)', function () {
  this.timeout(90_000);
  let box: BlackBox;
  let tenant: TenantFile;

  /** A DLP alert of a subject in `unit` that has activity rows and shares its incident with another alert. */
  function investigable(unit: string): RawAlert {
    const t = tenant as Json;
    const found = t.alerts.find((a: RawAlert) => {
      const user = subjectIdOf(a);
      const mates = t.alerts.filter((b: RawAlert) => b.incidentId && b.incidentId === a.incidentId).length;
      const activity = (t.activity ?? []).some((r: Json) => r.AccountObjectId?.toLowerCase() === user?.toLowerCase());
      return a.serviceSource === 'dataLossPrevention' && unitsOf(t, user).join() === unit && mates > 1 && activity;
    });
    assert.ok(found, `the seed has an investigable alert in ${unit}`);
    return found;
  }

  before(async () => {
    box = await startBlackBox('dlp-investigate-', { env: { DEMO_ALERT_INTERVAL_SECONDS: '0' } });
    tenant = await readTenantFile(box.dataDir);
  });

  after(async () => {
    await stopBlackBox(box);
  });

  const investigate = async (from: Json, alertId: string) => {
    const res = await box.bot.send(cardAction({ serviceUrl: box.serviceUrl, from }, 'alert.investigate', { alertId }));
    assert.equal(res.status, 200);
    return res.body as { type: string; value: Json };
  };

  it('an analyst gets activity rows, related alerts of the incident, the history line, evidence and the KQL', async () => {
    const alert = investigable('EMEA');
    let answer = await investigate(AS.sam, alert.id);
    // A slow first gathering answers with the waiting card; the second click finds the result.
    if (JSON.stringify(answer.value).includes('Investigating the alert')) answer = await investigate(AS.sam, alert.id);
    assert.equal(answer.type, CARD, JSON.stringify(answer.value).slice(0, 300));
    assert.deepEqual(validateAdaptiveCard(answer.value), []);
    const texts = textsOf(answer.value).join('\n');
    assert.match(texts, /Activity around the alert/);
    assert.match(texts, /Events/);
    assert.match(texts, /Same incident \(\d+\)/);
    assert.match(texts, /The user's history/);
    assert.match(texts, /Evidence/);
    assert.match(texts, /CloudAppEvents/);
    assert.ok(texts.includes(subjectIdOf(alert)!.toLowerCase()), 'the KQL names the user');
    const mates = (tenant as Json).alerts.filter(
      (b: RawAlert) => b.incidentId === alert.incidentId && b.id !== alert.id,
    );
    const opened = executeActions(answer.value)
      .filter((a) => a.verb === 'alert.open')
      .map((a) => a.data.alertId);
    for (const mate of mates) assert.ok(opened.includes(mate.id), `Open for ${mate.id} of the same incident`);
  });

  it('a DLP event the tenant records in DataSecurityEvents shows on the card of the alert it belongs to', async () => {
    const t = tenant as Json;
    const [row, alert] = (t.dataSecurityEvents ?? [])
      .filter((r: Json) => r.DlpPolicyEnforcementMode === 4 && unitsOf(t, r.AccountObjectId).join() === 'EMEA')
      .map((r: Json) => [
        r,
        t.alerts.find(
          (a: RawAlert) =>
            subjectIdOf(a) === r.AccountObjectId &&
            Math.abs(Date.parse(a.firstActivityDateTime) - Date.parse(r.Timestamp)) < 60_000,
        ),
      ])
      .find(([, a]: Json[]) => a) ?? [undefined, undefined];
    assert.ok(row && alert, 'the seed has a blocked DLP event of an EMEA alert');
    let answer = await investigate(AS.sam, alert.id);
    if (JSON.stringify(answer.value).includes('Investigating the alert')) answer = await investigate(AS.sam, alert.id);
    assert.deepEqual(validateAdaptiveCard(answer.value), []);
    const texts = textsOf(answer.value).join('\n');
    assert.ok(texts.includes(`DLP match (blocked) · ${row.ActionType} · ${row.ObjectName}`), texts);
    assert.match(texts, /DataSecurityEvents/);
  });

  it('an analyst outside the alert’s scope gets exactly the missing-alert answer; a viewer is refused', async () => {
    const alert = investigable('EMEA');
    const americas = (tenant as Json).alerts.find(
      (a: RawAlert) =>
        a.serviceSource === 'dataLossPrevention' && unitsOf(tenant as Json, subjectIdOf(a)).join() === 'Americas',
    );
    const emma = await investigate(AS.emma, americas.id);
    assert.deepEqual([emma.type, emma.value], [MESSAGE, NOT_FOUND]);
    const vic = await investigate(AS.vic, alert.id);
    assert.equal(vic.type, MESSAGE);
    assert.match(vic.value, /You need the analyst role/);
  });

  it('the audit log records who looked at whose activity, for which alert', async () => {
    const alert = investigable('EMEA');
    const audit = await readJsonLines(`${box.dataDir}/audit.jsonl`);
    const entry = audit.find(
      (e: Json) => e.action === 'alert.investigate' && e.outcome === 'success' && e.alertId === alert.id,
    );
    assert.ok(entry, 'an alert.investigate entry');
    assert.equal(entry.actor.id, AS.sam.aadObjectId);
    assert.equal(entry.details.subject, subjectIdOf(alert));
    assert.ok(
      audit.some(
        (e: Json) => e.action === 'alert.investigate' && e.outcome === 'denied' && e.actor.id === AS.vic.aadObjectId,
      ),
    );
  });

  it('`investigate <alertId>` in a personal chat answers the card; in a channel it is refused', async () => {
    const alert = investigable('EMEA');
    const chat = { serviceUrl: box.serviceUrl, from: AS.sam, conversationId: 'a:personal-sam' };
    const before = box.connector.posted.length;
    await box.bot.send(personalMessage(chat, `investigate ${alert.id}`));
    await box.connector.waitFor((c) => c.posted.length > before, 30_000);
    const reply = box.connector.posted.at(-1)!.body;
    assert.match(JSON.stringify(reply.attachments?.[0]?.content ?? {}), /Activity around the alert/);
    const inChannel = mentionMessage({ serviceUrl: box.serviceUrl, from: AS.sam }, `investigate ${alert.id}`);
    await box.bot.send(inChannel);
    await box.connector.waitFor((c) => c.posted.some((p) => p.replyToId === inChannel.id), 30_000);
    const refused = box.connector.posted.find((p) => p.replyToId === inChannel.id)!.body;
    assert.match(refused.text, /ask me in a personal chat/);
    assert.equal(refused.attachments, undefined, 'nothing of the investigation in the channel');
  });
});
