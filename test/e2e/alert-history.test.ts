import { strict as assert } from 'node:assert';
import path from 'node:path';
import { TEAM_ID, cardAction, installInTeam } from '../support/activities.js';
import type { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { executeActions, textsOf } from '../support/card-tree.js';
import type { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { readJsonLines } from '../support/files.js';
import { AS, type TeamsFrom } from '../support/personas.js';
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
 * Black box: the History button (alert.history) over HTTP. People act on an alert (assign, classify,
 * comment, remediate); History shows it as readable lines with the times the audit log recorded.
 */

const CARD = 'application/vnd.microsoft.card.adaptive';
const MESSAGE = 'application/vnd.microsoft.activity.message';
const NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';

describe('black box: History (alert.history) — the audit trail as readable lines', function () {
  this.timeout(180_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;
  let tenant: TenantFile;
  let alert: RawAlert;
  let history: any;

  async function click(from: TeamsFrom, verb: string, data: Record<string, unknown>) {
    const res = await bot.send(cardAction({ serviceUrl, from }, verb, data));
    assert.equal(res.status, 200, `HTTP status of ${verb}`);
    return { type: res.body.type as string, value: res.body.value as any };
  }
  /** Acts and returns the card version afterwards. */
  async function act(from: TeamsFrom, verb: string, data: Record<string, unknown>): Promise<void> {
    const { type, value } = await click(from, verb, { alertId: alert.id, ...data });
    assert.equal(type, CARD, `${verb}: ${typeof value === 'string' ? value : ''}`);
  }
  const version = async () =>
    dlpAlertsOf(await readTenantFile(dataDir)).find((a) => a.id === alert.id)!.lastUpdateDateTime;
  const timeOf = async (action: string) => {
    const entries = await readJsonLines(path.join(dataDir, 'audit.jsonl'));
    const entry = entries.find((e) => e.alertId === alert.id && e.action === action && e.outcome === 'success');
    assert.ok(entry, `the audit log has ${action}`);
    // The clicks carry no locale or zone: an English (en-US) reader in UTC, "02:05 PM".
    const at = new Date(String(entry.at));
    const [h, m] = [at.getUTCHours(), at.getUTCMinutes()];
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(h % 12 || 12)}:${pad(m)} ${h < 12 ? 'AM' : 'PM'}`;
  };

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-e2e-history-', {
      env: { DEMO_ALERT_INTERVAL_SECONDS: '0' },
    }));
    tenant = await readTenantFile(dataDir);
    assert.equal((await bot.send(installInTeam({ serviceUrl, from: AS.avery }))).status, 200);
    const count = dlpAlertsOf(tenant).length;
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= count, 90_000);
    alert = rawAlertsIn(tenant, 'EMEA').find((a) => a.status === 'new' && !a.assignedTo)!;
    assert.ok(alert, 'an untouched EMEA alert');
    await act(AS.rui, 'alert.assign', { version: await version(), assignee: AS.emma.aadObjectId });
    await act(AS.emma, 'alert.classify', {
      version: await version(),
      classification: 'truePositive',
      determination: 'maliciousUserActivity',
      comment: 'Confirmed **exfiltration** <b>',
    });
    await act(AS.sam, 'alert.comment', { version: await version(), comment: 'Called the user' });
    const plan = await click(AS.rui, 'alert.remediate', { alertId: alert.id, action: 'revokeSessions' });
    const confirm = executeActions(plan.value).find((a) => a.verb === 'alert.remediate.confirm')!;
    const result = await click(AS.rui, confirm.verb, confirm.data);
    assert.equal(result.type, CARD, 'the remediation ran');
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('Sam (analyst) gets the History card: one readable line per change, with the logged times, valid 1.5', async () => {
    const { type, value } = await click(AS.sam, 'alert.history', { alertId: alert.id });
    assert.equal(type, CARD, String(value));
    assert.deepEqual(validateAdaptiveCard(value), []);
    history = value;
    const texts = textsOf(value);
    const expected = [
      `${await timeOf('alert.assign')} Rui Responder assigned it to Emma Analyst`,
      `${await timeOf('alert.classify')} Emma Analyst classified it true positive — malicious user activity`,
      `${await timeOf('alert.comment')} Sam Analyst commented`,
      `${await timeOf('alert.remediate')} Rui Responder proposed “Revoke sign-in sessions”`,
      `${await timeOf('alert.remediate.confirm')} Rui Responder ran “Revoke sign-in sessions”: done`,
    ];
    const shown = expected.map((line) => texts.indexOf(line));
    assert.ok(
      shown.every((i) => i >= 0),
      `missing lines:\n${expected.filter((_, i) => shown[i]! < 0).join('\n')}\nin:\n${texts.join('\n')}`,
    );
    assert.deepEqual(
      [...shown].sort((a, b) => a - b),
      shown,
      'oldest first',
    );
    assert.ok(
      texts.some((t) => /^[A-Z][a-z]{2} \d{1,2}, \d{4}$/.test(t)),
      'a day heading',
    );
  });

  it('the remediation line is followed by its step and result, naming the user for someone who may see details', () => {
    const texts = textsOf(history);
    const run = texts.findIndex((t) => t.includes('ran “Revoke sign-in sessions”'));
    const step = texts[run + 1]!;
    assert.match(step, /^✓ Revoke every sign-in session of /);
    assert.ok(step.includes(subjectOf(tenant, alert)!.displayName), step);
    assert.match(step, / — Sign-in sessions revoked/);
  });

  it('user text stays out or escaped; no matched content; back to the alert', () => {
    const json = JSON.stringify(history);
    assert.ok(!json.includes('exfiltration'), 'comments are not repeated in History');
    assert.ok(!json.includes('<b>'));
    const back = executeActions(history);
    assert.deepEqual(
      back.map((a) => a.verb),
      ['alert.refresh'],
    );
  });

  it('Vic (viewer) may see the alert, so History too, but the steps without their targets', async () => {
    const { type, value } = await click(AS.vic, 'alert.history', { alertId: alert.id });
    assert.equal(type, CARD);
    const texts = textsOf(value);
    assert.ok(texts.includes('✓ Step 1: done'), texts.join('\n'));
    assert.ok(!JSON.stringify(value).includes(subjectOf(tenant, alert)!.displayName), 'no subject for a viewer');
  });

  it('refused like a missing alert for Emma out of her AU, for Olu (no grant), and for an unknown alert', async () => {
    const missing = await click(AS.emma, 'alert.history', { alertId: 'dl00000000-dead-4000-8000-000000000000' });
    assert.deepEqual(missing, { type: MESSAGE, value: NOT_FOUND });
    const apac = rawAlertsIn(tenant, 'APAC')[0]!;
    assert.deepEqual(await click(AS.emma, 'alert.history', { alertId: apac.id }), missing);
    assert.deepEqual(await click(AS.olu, 'alert.history', { alertId: alert.id }), missing);
  });

  it('the card offers History to everyone who may see the alert', async () => {
    for (const p of [AS.vic, AS.sam]) {
      const { value } = await click(p, 'alert.refresh', { alertId: alert.id });
      assert.ok(
        executeActions(value).some((a) => a.verb === 'alert.history'),
        p.name,
      );
    }
  });
});
