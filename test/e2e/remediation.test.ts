import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cardAction } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { validateAdaptiveCard } from '../support/card-schema.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { AS, type TeamsFrom } from '../support/personas.js';
import { buildLocalAccessPolicy } from '../../src/backends/local/local-access-policy.js';
import { executeActions } from '../support/card-tree.js';
import { readJsonLines } from '../support/files.js';
import { dlpAlertsOf, readTenantFile } from '../support/seed-tenant.js';

type Json = any;

/** The real bot over HTTP with its own data dir; the local backend's files are read as the test's oracle. */
class Harness {
  bot!: BotProcess;
  dataDir = '';

  constructor(
    private readonly serviceUrl: () => string,
    private readonly env: Record<string, string> = {},
    /** Grants added to the demo access policy, written before the first start. */
    private readonly extraGrants: Json[] = [],
  ) {}

  async start(): Promise<void> {
    this.dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-e2e-remediation-'));
    const policy = buildLocalAccessPolicy();
    policy.grants.push(...this.extraGrants);
    await fs.writeFile(path.join(this.dataDir, 'access-policy.json'), JSON.stringify(policy, null, 2));
    this.bot = new BotProcess({ DATA_DIR: this.dataDir, ...this.env });
    await this.bot.start();
  }

  async stop(): Promise<void> {
    await this.bot?.stop();
    if (this.dataDir) await fs.rm(this.dataDir, { recursive: true, force: true });
  }

  stateText = () => fs.readFile(path.join(this.dataDir, 'local-remediation.json'), 'utf8');
  state = async (): Promise<Json> => JSON.parse(await this.stateText());
  alerts = async (): Promise<Json[]> => dlpAlertsOf(await readTenantFile(this.dataDir));
  audit = (): Promise<Json[]> => readJsonLines(path.join(this.dataDir, 'audit.jsonl'));

  /** Clicks a button as `from`; returns the invoke answer (a card, or a message). */
  async click(
    from: TeamsFrom,
    verb: string,
    data: Record<string, unknown>,
  ): Promise<{ card?: Json; message?: string }> {
    const res = await this.bot.send(cardAction({ serviceUrl: this.serviceUrl(), from }, verb, data));
    assert.equal(res.status, 200);
    assert.equal(res.body.statusCode, 200);
    if (res.body.type === 'application/vnd.microsoft.activity.message') return { message: res.body.value };
    assert.equal(res.body.type, 'application/vnd.microsoft.card.adaptive');
    assert.deepEqual(validateAdaptiveCard(res.body.value), [], `${verb} answers with a valid card`);
    return { card: res.body.value };
  }

  /** `alert.remediate` as `from`; returns the confirmation card and the data of its Confirm button. */
  async plan(from: TeamsFrom, alertId: string, action: string): Promise<{ card: Json; confirm: Json }> {
    const { card, message } = await this.click(from, 'alert.remediate', {
      alertId,
      version: '2000-01-01T00:00:00Z',
      action,
    });
    assert.ok(card, `a plan card, got message: ${message}`);
    const confirm = executeActions(card).find((a) => a.verb === 'alert.remediate.confirm');
    assert.ok(confirm, 'the plan card has a Confirm button');
    return { card, confirm: confirm.data };
  }
}

const text = (card: Json) => JSON.stringify(card);
const fileUrlOf = (raw: Json): string | undefined => raw.additionalData?.fileUrl;
const deviceIdOf = (raw: Json): string | undefined =>
  raw.evidence.find((e: Json) => e['@odata.type'].endsWith('deviceEvidence'))?.mdeDeviceId;
const userIdOf = (raw: Json): string =>
  raw.evidence.find((e: Json) => e['@odata.type'].endsWith('userEvidence')).userAccount.azureAdUserId;
const isFileAlert = (raw: Json) =>
  ['SharePoint', 'OneDrive'].includes(raw.additionalData?.workload) && !!fileUrlOf(raw);

describe('black box: remediation from the card on the local backend (real server over HTTP)', function () {
  this.timeout(120_000);
  let connector: FakeTeamsConnector;
  let serviceUrl = '';

  before(async () => {
    connector = new FakeTeamsConnector();
    serviceUrl = await connector.start();
  });

  after(async () => {
    await connector.stop();
  });

  describe('REMEDIATION_MODE=execute (default)', () => {
    // Olu is a responder here and not an admin: someone allowed to remediate who did not make the plan.
    const h = new Harness(() => serviceUrl, {}, [
      { name: 'Olu Outsider', user: AS.olu.aadObjectId, roles: ['responder'], scope: 'unrestricted' },
    ]);
    let alerts: Json[];
    let initial: Json;

    before(async () => {
      await h.start();
      alerts = await h.alerts();
      initial = await h.state();
    });
    after(() => h.stop());

    const fileAlert = (failing: boolean) =>
      alerts.find(
        (a) => isFileAlert(a) && initial.files[fileUrlOf(a)!].links.some((l: Json) => !!l.simulatedFailure) === failing,
      )!;

    it('Rui plans disableUser and confirms it: the state file shows the account disabled; a second confirm is refused', async () => {
      const alert = fileAlert(false);
      const userId = userIdOf(alert);
      assert.equal(initial.users[userId].accountEnabled, true);
      const { card, confirm } = await h.plan(AS.rui, alert.id, 'disableUser');
      assert.match(text(card), new RegExp(`Disable the account of ${initial.users[userId].displayName}`));
      assert.deepEqual(Object.keys(confirm).sort(), ['action', 'alertId', 'planId', 'version']);
      assert.equal((await h.state()).users[userId].accountEnabled, true, 'planning changes nothing');

      const done = await h.click(AS.rui, 'alert.remediate.confirm', confirm);
      assert.match(text(done.card), /"Done"/);
      assert.ok(
        executeActions(done.card).some((a) => a.verb === 'alert.remediate.undo'),
        'disabling can be undone',
      );
      assert.equal((await h.state()).users[userId].accountEnabled, false);

      const twice = await h.click(AS.rui, 'alert.remediate.confirm', confirm);
      assert.match(twice.message ?? '', /already confirmed/);

      // The thread summary is queued durably (the bot is not installed here, so it waits in the outbox).
      const outbox = (await readJsonLines(path.join(h.dataDir, 'outbox.jsonl'))).map((l) => l.v);
      const replies = outbox.filter((v: Json) => v?.kind === 'threadReply' && v.alertId === alert.id);
      assert.equal(replies.length, 1, 'one summary in the thread');
      assert.match(replies[0].message.text, /Rui Responder confirmed "Disable the user account": done/);
      assert.ok(
        !replies[0].message.text.includes(initial.users[userId].userPrincipalName),
        'the summary names no target',
      );
    });

    it("Avery's confirm of Rui's plan is answered exactly like a missing plan, names nobody, and changes nothing", async () => {
      const alert = alerts.find((a) => isFileAlert(a) && userIdOf(a) !== userIdOf(fileAlert(false)))!;
      const { confirm } = await h.plan(AS.rui, alert.id, 'disableUser');
      const refused = await h.click(AS.avery, 'alert.remediate.confirm', confirm);
      const missing = await h.click(AS.avery, 'alert.remediate.confirm', {
        ...confirm,
        planId: '00000000-0000-4000-8000-000000000000',
      });
      assert.deepEqual(refused, missing);
      assert.match(refused.message ?? '', /does not exist/);
      assert.doesNotMatch(refused.message ?? '', /Rui|Responder|Disable/);
      assert.equal((await h.state()).users[userIdOf(alert)].accountEnabled, true);
      const denied = (await h.audit()).filter(
        (e) => e.action === 'alert.remediate.confirm' && e.outcome === 'denied' && e.actor.id === AS.avery.aadObjectId,
      );
      assert.equal(denied.length, 2);
      assert.deepEqual(
        denied.map((e) => e.details.refusal),
        ["another person's plan", 'unknown plan'],
      );
      assert.equal(denied[0].reason, denied[1].reason);
    });

    it("Sam (analyst) probing Rui's plan with another action is told only that he needs the responder role", async () => {
      const alert = fileAlert(false);
      const { confirm } = await h.plan(AS.rui, alert.id, 'revokeSessions');
      const probe = await h.click(AS.sam, 'alert.remediate.confirm', { ...confirm, action: 'deleteFile' });
      const blind = await h.click(AS.sam, 'alert.remediate.confirm', {
        ...confirm,
        action: 'deleteFile',
        planId: '00000000-0000-4000-8000-000000000000',
      });
      assert.deepEqual(probe, blind);
      assert.match(probe.message ?? '', /responder role/);
      assert.doesNotMatch(probe.message ?? '', /Revoke|Rui|plan is for/);
    });

    it("another responder's Undo of Rui's plan looks like a missing plan; an admin's Undo works and is audited under the admin", async () => {
      const used = new Set([
        userIdOf(fileAlert(false)),
        userIdOf(alerts.find((a) => isFileAlert(a) && userIdOf(a) !== userIdOf(fileAlert(false)))!),
      ]);
      const alert = alerts.find(
        (a) => a.evidence.some((e: Json) => e['@odata.type'].endsWith('userEvidence')) && !used.has(userIdOf(a)),
      )!;
      const userId = userIdOf(alert);
      const { confirm } = await h.plan(AS.rui, alert.id, 'disableUser');
      const result = await h.click(AS.rui, 'alert.remediate.confirm', confirm);
      const undo = executeActions(result.card).find((a) => a.verb === 'alert.remediate.undo');
      assert.ok(undo, 'an Undo button');
      assert.equal((await h.state()).users[userId].accountEnabled, false);

      const foreign = await h.click(AS.olu, 'alert.remediate.undo', undo.data);
      const missing = await h.click(AS.olu, 'alert.remediate.undo', {
        ...undo.data,
        planId: '00000000-0000-4000-8000-000000000000',
      });
      assert.deepEqual(foreign, missing);
      assert.doesNotMatch(foreign.message ?? '', /Rui|Disable/);
      assert.equal((await h.state()).users[userId].accountEnabled, false, 'still disabled');
      assert.match((await h.click(AS.sam, 'alert.remediate.undo', undo.data)).message ?? '', /responder role/);

      const undone = await h.click(AS.avery, 'alert.remediate.undo', undo.data);
      assert.match(text(undone.card), /Undone/);
      assert.equal((await h.state()).users[userId].accountEnabled, true);
      const entries = (await h.audit()).filter(
        (e) => e.alertId === alert.id && e.action.startsWith('alert.remediate.undo'),
      );
      assert.deepEqual(
        entries.map((e) => `${e.action}:${e.outcome}:${e.actor.id}`),
        [
          `alert.remediate.undo:denied:${AS.olu.aadObjectId}`,
          `alert.remediate.undo:denied:${AS.olu.aadObjectId}`,
          `alert.remediate.undoStep:success:${AS.avery.aadObjectId}`,
          `alert.remediate.undo:success:${AS.avery.aadObjectId}`,
        ],
      );
      assert.deepEqual([entries[2].details.kind, entries[2].details.targetKind], ['enableUser', 'user']);
    });

    it('removeSharingLinks lists the exact links and removes the anyone and external ones; inherited and organization links stay', async () => {
      const alert = fileAlert(false);
      const url = fileUrlOf(alert)!;
      const links: Json[] = initial.files[url].links;
      const { card, confirm } = await h.plan(AS.rui, alert.id, 'removeSharingLinks');
      for (const l of links) assert.ok(text(card).includes(l.webUrl), `the plan names ${l.webUrl}`);
      assert.match(text(card), /inherited from the folder/);
      assert.match(
        text(card),
        /still exposed: an anyone link inherited from the parent folder/,
        'the plan warns before',
      );
      const result = await h.click(AS.rui, 'alert.remediate.confirm', confirm);
      assert.match(text(result.card), /"Done, but still exposed: an anyone link inherited from the parent folder"/);
      assert.doesNotMatch(text(result.card), /"Done"/, 'never a plain Done');
      const after: Json[] = (await h.state()).files[url].links;
      const kept = links.filter((l) => l.inheritedFrom || l.scope === 'organization');
      assert.deepEqual(after.map((l) => l.id).sort(), kept.map((l) => l.id).sort());
      assert.ok(kept.some((l) => l.inheritedFrom));
      assert.ok(links.length > kept.length, 'something was removed');

      const outbox = (await readJsonLines(path.join(h.dataDir, 'outbox.jsonl'))).map((l) => l.v);
      const summary = outbox.find(
        (v: Json) => v?.kind === 'threadReply' && v.alertId === alert.id && /Remove sharing links/.test(v.message.text),
      );
      assert.match(
        summary?.message.text ?? '',
        /Rui Responder confirmed "Remove sharing links": done, but still exposed: an anyone link inherited from the parent folder/,
      );
      for (const l of links)
        assert.ok(
          !summary.message.text.includes(l.webUrl) &&
            !(l.inheritedFrom && summary.message.text.includes(l.inheritedFrom)),
          'the summary names no link or folder',
        );
      const entries = (await h.audit()).filter((e) => e.alertId === alert.id && e.details?.planId === confirm.planId);
      const run = entries.find((e) => e.action === 'alert.remediate.confirm' && e.outcome !== 'denied');
      assert.equal(run.details.status, 'doneButExposed');
      const steps = entries.filter((e) => e.action === 'alert.remediate.step');
      assert.equal(steps.length, links.length, 'one audited step per link');
      for (const e of steps)
        assert.deepEqual(
          [e.details.kind, e.details.targetKind, typeof e.details.params.permissionId, typeof e.details.outcome],
          ['removeSharingLink', 'file', 'string', 'string'],
        );
      assert.ok(
        steps.some(
          (e) =>
            e.details.outcome === 'skipped' && e.details.exposure === 'an anyone link inherited from the parent folder',
        ),
      );
    });

    it('a link whose removal fails: the result says "Partly failed", never done', async () => {
      const alert = fileAlert(true);
      const { confirm } = await h.plan(AS.rui, alert.id, 'removeSharingLinks');
      const result = await h.click(AS.rui, 'alert.remediate.confirm', confirm);
      assert.match(text(result.card), /Partly failed/);
      assert.doesNotMatch(text(result.card), /"Done"/);
      assert.match(text(result.card), /423 Locked/);
      assert.ok((await h.state()).files[fileUrlOf(alert)!].links.some((l: Json) => l.simulatedFailure));
    });

    it('isolateDevice, then Undo releases the device', async () => {
      const alert = alerts.find((a) => deviceIdOf(a) && !initial.devices[deviceIdOf(a)!].simulatedFailure)!;
      const deviceId = deviceIdOf(alert)!;
      const { confirm } = await h.plan(AS.rui, alert.id, 'isolateDevice');
      const result = await h.click(AS.rui, 'alert.remediate.confirm', confirm);
      assert.equal((await h.state()).devices[deviceId].isolated, true);
      const undo = executeActions(result.card).find((a) => a.verb === 'alert.remediate.undo');
      assert.ok(undo, 'an Undo button');
      const undone = await h.click(AS.rui, 'alert.remediate.undo', undo.data);
      assert.match(text(undone.card), /Undone/);
      assert.equal((await h.state()).devices[deviceId].isolated, false);
      assert.match((await h.click(AS.rui, 'alert.remediate.undo', undo.data)).message ?? '', /already undone/);
    });

    it('Sam (analyst) may not remediate; bad input is answered with a message', async () => {
      const alert = fileAlert(false);
      assert.match(
        (await h.click(AS.sam, 'alert.remediate', { alertId: alert.id, action: 'revokeSessions' })).message ?? '',
        /responder role/,
      );
      assert.match(
        (await h.click(AS.rui, 'alert.remediate', { alertId: alert.id, action: 'formatDisk' })).message ?? '',
        /action/,
      );
      assert.match(
        (await h.click(AS.rui, 'alert.remediate.confirm', { alertId: alert.id, action: 'disableUser' })).message ?? '',
        /planId/,
      );
    });

    it('every step is in the audit log under the clicking user', async () => {
      const steps = (await h.audit()).filter((e) => e.action === 'alert.remediate.step');
      assert.ok(steps.length >= 5);
      assert.ok(steps.every((e) => e.actor.id === AS.rui.aadObjectId));
      assert.ok(steps.some((e) => e.outcome === 'failed'));
    });
  });

  describe('REMEDIATION_MODE=dryRun', () => {
    const h = new Harness(() => serviceUrl, { REMEDIATION_MODE: 'dryRun' });
    before(() => h.start());
    after(() => h.stop());

    it('shows and confirms plans, reports "Dry run", and leaves the state file unchanged', async () => {
      const alerts = await h.alerts();
      const before = await h.stateText();
      const file = alerts.find(isFileAlert)!;
      const device = alerts.find((a) => deviceIdOf(a))!;
      for (const [alert, action] of [
        [file, 'disableUser'],
        [file, 'removeSharingLinks'],
        [file, 'deleteFile'],
        [device, 'isolateDevice'],
      ] as const) {
        const { card, confirm } = await h.plan(AS.rui, alert.id, action);
        assert.match(text(card), /Dry run mode/);
        const result = await h.click(AS.rui, 'alert.remediate.confirm', confirm);
        assert.match(text(result.card), /Dry run: nothing was changed/);
        assert.ok(!executeActions(result.card).some((a) => a.verb === 'alert.remediate.undo'));
      }
      assert.equal(await h.stateText(), before);
      const steps = (await h.audit()).filter((e) => e.action === 'alert.remediate.step');
      assert.ok(steps.length >= 4 && steps.every((e) => e.details.dryRun === true));
    });
  });
});
