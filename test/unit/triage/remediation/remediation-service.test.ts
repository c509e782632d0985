import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileAuditLog, type AuditEntry } from '../../../../src/state/file/file-audit-log.js';
import { JournalPlanStore } from '../../../../src/state/file/journal-plan-store.js';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import type { LocalRemediationState } from '../../../../src/backends/local/local-remediation-state.js';
import { LocalRemediator } from '../../../../src/backends/local/local-remediator.js';
import { PERSONAS, buildSeedTenant, type Persona } from '../../../../src/backends/local/local-seed.js';
import { LowdbAlertStore } from '../../../../src/backends/local/lowdb-alert-store.js';
import type { AccessPolicy } from '../../../../src/triage/access/access-policy.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import type { Alert } from '../../../../src/triage/alert.js';
import type { Clock, Notice } from '../../../../src/triage/ports.js';
import {
  permissionFor,
  remediationsFor,
  type RemediationAction,
} from '../../../../src/triage/remediation/remediation-action.js';
import type { RemediationMode } from '../../../../src/triage/remediation/remediation-plan.js';
import { RemediationService } from '../../../../src/triage/remediation/remediation-service.js';
import type { Remediator } from '../../../../src/triage/remediation/remediator.js';
import { TriageError } from '../../../../src/triage/triage-error.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';
import { demoPolicy as demoPolicyOf, who } from '../../../support/demo-access.js';
import { readJsonLines } from '../../../support/files.js';
import { refusal } from '../../../support/triage-errors.js';

const START = Date.parse('2026-03-10T12:00:00.000Z');
const [avery, sam, emma, rui] = PERSONAS;
const demoPolicy = demoPolicyOf();

describe('RemediationService (real local remediator, plan journal, access service and audit log on temp files)', () => {
  const tmp = useTempDir('remediation-service-');
  let nowMs: number;
  const clock: Clock = { now: () => new Date(nowMs) };
  let store: LowdbAlertStore;
  let remediator: LocalRemediator;
  let plans: JournalPlanStore;
  let audit: FileAuditLog;
  let policy: AccessPolicy;
  let posted: { alertId: string; text: string }[];
  let stateFile: string;

  const state = async (): Promise<LocalRemediationState> => JSON.parse(await fs.readFile(stateFile, 'utf8'));
  const auditEntries = async (): Promise<AuditEntry[]> => {
    await audit.flush();
    return readJsonLines(audit.file);
  };
  const service = (
    options: {
      mode?: RemediationMode;
      remediator?: Remediator;
      alerts?: { get(id: string): Promise<Alert | undefined> };
    } = {},
  ) =>
    new RemediationService({
      alerts: options.alerts ?? store,
      access: new AccessService(new LocalDirectory(() => store.tenant()), () => policy, audit),
      remediator: options.remediator ?? remediator,
      plans,
      audit,
      notifier: {
        postInThread: async (alertId: string, notice: Notice) => void posted.push({ alertId, text: notice.text ?? '' }),
      },
      clock,
      mode: options.mode ?? 'execute',
    });

  /** Seeded alerts, chosen by what the remediation state says about their evidence. */
  async function alerts() {
    const all = (await store.listChangedSince(undefined)).alerts;
    const s = await state();
    const find = (what: string, pred: (a: Alert) => boolean) => {
      const found = all.find(pred);
      assert.ok(found, `the seed has ${what}`);
      return found;
    };
    const fileOf = (a: Alert) => (a.file?.url ? s.files[a.file.url] : undefined);
    const deviceOf = (a: Alert) => (a.device?.mdeDeviceId ? s.devices[a.device.mdeDeviceId] : undefined);
    return {
      file: find(
        'a file alert whose links can all be removed',
        (a) => !!fileOf(a) && !fileOf(a)!.links.some((l) => l.simulatedFailure),
      ),
      failingFile: find(
        'a file alert with a link whose removal fails',
        (a) => !!fileOf(a)?.links.some((l) => l.simulatedFailure),
      ),
      device: find('a device alert', (a) => !!deviceOf(a) && !deviceOf(a)!.simulatedFailure),
      failingDevice: find('a device that cannot be isolated', (a) => !!deviceOf(a)?.simulatedFailure),
      exchange: find('an Exchange alert', (a) => a.workload === 'Exchange'),
    };
  }

  beforeEach(async () => {
    nowMs = START;
    policy = demoPolicy;
    posted = [];
    store = await LowdbAlertStore.open(path.join(tmp.path, 'local-tenant.json'), buildSeedTenant, clock);
    stateFile = path.join(tmp.path, 'local-remediation.json');
    remediator = await LocalRemediator.open(stateFile, () => store.tenant().alerts, clock);
    plans = await JournalPlanStore.open(tmp.path, clock.now());
    audit = await FileAuditLog.open(tmp.path, clock);
  });

  afterEach(async () => {
    await plans.close();
    await audit.flush();
  });

  it('plans disableUser from the live state: one step naming the account, valid for 10 minutes, stored and audited', async () => {
    const { file } = await alerts();
    const { plan } = await service().plan(who(rui), file.id, 'disableUser');
    assert.equal(plan.steps.length, 1);
    assert.equal(plan.steps[0]!.kind, 'disableUser');
    assert.equal(plan.steps[0]!.executable, true);
    assert.match(plan.steps[0]!.description, new RegExp(file.subject!.userPrincipalName!.replace(/\./g, '\\.')));
    assert.equal(plan.expiresAt, new Date(START + 10 * 60_000).toISOString());
    assert.deepEqual(plan.requestedBy, who(rui));
    assert.deepEqual(await plans.get(plan.planId), plan);
    const entry = (await auditEntries()).find((e) => e.action === 'alert.remediate');
    assert.equal(entry?.outcome, 'success');
    assert.equal((entry?.details as { planId?: string }).planId, plan.planId);
  });

  it('plan ids are random and distinct', async () => {
    const { file } = await alerts();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await service().plan(who(rui), file.id, 'revokeSessions')).plan.planId);
    assert.equal(ids.size, 5);
    for (const id of ids) assert.match(id, /^[0-9a-f-]{36}$/);
  });

  describe('permission per action kind', () => {
    const cases: [RemediationAction, 'file' | 'device'][] = [
      ['disableUser', 'file'],
      ['revokeSessions', 'file'],
      ['removeSharingLinks', 'file'],
      ['applySensitivityLabel', 'file'],
      ['applyRetentionLabel', 'file'],
      ['deleteFile', 'file'],
      ['isolateDevice', 'device'],
    ];
    for (const [action, on] of cases) {
      it(`${action}: Sam (analyst) is refused and audited, Rui (responder) may plan`, async () => {
        const alert = (await alerts())[on];
        await refusal(() => service().plan(who(sam), alert.id, action), 'forbidden', /responder/);
        const denied = (await auditEntries()).filter((e) => e.outcome === 'denied' && e.alertId === alert.id);
        assert.deepEqual(
          denied.map((e) => [e.action, (e.actor as { id: string }).id]),
          [[permissionFor(action), sam.id]],
          'the refusal names the permission of the kind',
        );
        const { plan } = await service().plan(who(rui), alert.id, action);
        assert.ok(plan.steps.length > 0);
      });
    }

    it('Emma (analyst, EMEA) is refused too; an alert she cannot see is answered as not found', async () => {
      const all = (await store.listChangedSince(undefined)).alerts;
      const emea = store.tenant().directory.administrativeUnits.find((au) => au.displayName === 'EMEA')!.members;
      const inEmea = all.find((a) => a.file && emea.includes(a.subject?.id ?? ''))!;
      const elsewhere = all.find((a) => a.device && a.subject?.id && !emea.includes(a.subject.id))!;
      await refusal(() => service().plan(who(emma), inEmea.id, 'disableUser'), 'forbidden');
      await refusal(() => service().plan(who(emma), elsewhere.id, 'isolateDevice'), 'not-found');
    });

    it('the permission is checked again at confirm: a grant removed after planning stops the run', async () => {
      const { file } = await alerts();
      const { plan } = await service().plan(who(rui), file.id, 'disableUser');
      const analyst = {
        principal: { kind: 'user' as const, id: rui.id },
        roles: ['analyst' as const],
        scope: { kind: 'unrestricted' as const },
      };
      policy = { grants: [...demoPolicy.grants.filter((g) => !g.name?.includes('Rui')), analyst] };
      await refusal(
        () => service().confirm(who(rui), { alertId: file.id, planId: plan.planId, action: 'disableUser' }),
        'forbidden',
      );
      assert.equal((await state()).users[file.subject!.id!]!.accountEnabled, true);
    });
  });

  it('refuses an action the evidence does not support (file actions on an Exchange alert)', async () => {
    const { exchange } = await alerts();
    await refusal(() => service().plan(who(rui), exchange.id, 'deleteFile'), 'invalid', /does not apply/);
    await refusal(() => service().plan(who(rui), exchange.id, 'isolateDevice'), 'invalid');
  });

  it('confirm by the same user runs the plan: the account is disabled, the thread gets a summary naming no target, every step is audited', async () => {
    const { file } = await alerts();
    const svc = service();
    const { plan } = await svc.plan(who(rui), file.id, 'disableUser');
    const run = await svc.confirm(who(rui), { alertId: file.id, planId: plan.planId, action: 'disableUser' });
    assert.equal(run.status, 'done');
    assert.deepEqual(
      run.results.map((r) => r.outcome),
      ['succeeded'],
    );
    assert.equal(run.undoable, true);
    assert.equal((await state()).users[file.subject!.id!]!.accountEnabled, false);
    assert.ok((await plans.get(plan.planId))!.usedAt);
    assert.equal(posted.length, 1);
    assert.equal(posted[0]!.alertId, file.id);
    assert.match(posted[0]!.text, /Rui Responder confirmed "Disable the user account": done/);
    assert.doesNotMatch(posted[0]!.text, new RegExp(file.subject!.userPrincipalName!.replace(/\./g, '\\.'), 'i'));
    const actions = (await auditEntries()).map((e) => `${e.action}:${e.outcome}`);
    assert.deepEqual(actions, [
      'alert.remediate:success',
      'alert.remediate.step:success',
      'alert.remediate.confirm:success',
    ]);
  });

  it("a confirm of another requester's plan, even by someone allowed to remediate, is answered exactly like a missing plan and audited", async () => {
    const { file } = await alerts();
    const { plan } = await service().plan(who(rui), file.id, 'disableUser');
    const foreign = await refusal(
      () => service().confirm(who(avery), { alertId: file.id, planId: plan.planId, action: 'disableUser' }),
      'not-found',
    );
    const missing = await refusal(
      () => service().confirm(who(avery), { alertId: file.id, planId: 'no-such-plan', action: 'disableUser' }),
      'not-found',
    );
    assert.equal(foreign.userMessage, missing.userMessage);
    assert.doesNotMatch(
      foreign.userMessage,
      /Rui|Responder|Disable the user account/,
      'nothing about the plan or its requester',
    );
    assert.equal((await state()).users[file.subject!.id!]!.accountEnabled, true);
    assert.equal((await plans.get(plan.planId))!.usedAt, undefined, 'still confirmable by Rui');
    const denied = (await auditEntries()).filter(
      (e) => e.action === 'alert.remediate.confirm' && e.outcome === 'denied',
    );
    assert.equal(denied.length, 2);
    assert.ok(denied.every((e) => (e.actor as { id: string }).id === avery.id));
    await service().confirm(who(rui), { alertId: file.id, planId: plan.planId, action: 'disableUser' });
  });

  it('a plan can be confirmed until 10 minutes after it was made, not after', async () => {
    const { file } = await alerts();
    const first = (await service().plan(who(rui), file.id, 'revokeSessions')).plan;
    const second = (await service().plan(who(rui), file.id, 'revokeSessions')).plan;
    nowMs = START + 10 * 60_000 - 1;
    assert.equal(
      (await service().confirm(who(rui), { alertId: file.id, planId: first.planId, action: 'revokeSessions' })).status,
      'done',
    );
    nowMs = START + 10 * 60_000;
    await refusal(
      () => service().confirm(who(rui), { alertId: file.id, planId: second.planId, action: 'revokeSessions' }),
      'stale',
      /expired at 12:10 UTC/,
    );
    assert.equal((await plans.get(second.planId))!.usedAt, undefined);
  });

  it('runs a plan once: a second confirm is refused and changes nothing', async () => {
    const { file } = await alerts();
    const { plan } = await service().plan(who(rui), file.id, 'revokeSessions');
    const ref = { alertId: file.id, planId: plan.planId, action: 'revokeSessions' as const };
    await service().confirm(who(rui), ref);
    const revokedAt = (await state()).users[file.subject!.id!]!.sessionsRevokedAt;
    nowMs += 60_000;
    await refusal(() => service().confirm(who(rui), ref), 'conflict', /already confirmed/);
    assert.equal((await state()).users[file.subject!.id!]!.sessionsRevokedAt, revokedAt);
    assert.equal(posted.length, 1);
  });

  it('two concurrent confirms of one plan: exactly one runs, the other is refused', async () => {
    const { file } = await alerts();
    let executions = 0;
    const counting: Remediator = {
      plan: (a, x) => remediator.plan(a, x),
      execute: (s) => (executions++, remediator.execute(s)),
    };
    const svc = service({ remediator: counting });
    const { plan } = await svc.plan(who(rui), file.id, 'removeSharingLinks');
    const ref = { alertId: file.id, planId: plan.planId, action: 'removeSharingLinks' as const };
    const outcomes = await Promise.allSettled([
      svc.confirm(who(rui), ref),
      svc.confirm(who(rui), ref),
      service({ remediator: counting }).confirm(who(rui), ref),
    ]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    for (const o of outcomes) if (o.status === 'rejected') assert.equal((o.reason as TriageError).code, 'conflict');
    assert.equal(executions, plan.steps.filter((s) => s.executable).length);
  });

  it('a plan used with another action, for another alert, of another requester, or that does not exist: one answer, one audit shape', async () => {
    const { file, device } = await alerts();
    const { plan } = await service().plan(who(rui), file.id, 'disableUser');
    const deviceRef = { alertId: device.id, planId: plan.planId, action: 'isolateDevice' as const };
    const attempts = [
      () => service().confirm(who(rui), { alertId: file.id, planId: plan.planId, action: 'deleteFile' }),
      () => service().confirm(who(rui), deviceRef),
      () => service().confirm(who(avery), { alertId: file.id, planId: plan.planId, action: 'disableUser' }),
      () => service().confirm(who(rui), { alertId: file.id, planId: 'no-such-plan', action: 'disableUser' }),
    ];
    const answers = [];
    for (const attempt of attempts) answers.push(await refusal(attempt, 'not-found'));
    assert.deepEqual(new Set(answers.map((e) => e.userMessage)).size, 1, answers.map((e) => e.userMessage).join(' | '));
    assert.doesNotMatch(answers[0]!.userMessage, /Disable the user account|Rui/);
    assert.equal((await state()).users[file.subject!.id!]!.accountEnabled, true);
    const denied = (await auditEntries()).filter(
      (e) => e.action === 'alert.remediate.confirm' && e.outcome === 'denied',
    );
    assert.equal(denied.length, attempts.length);
    const shape = (e: AuditEntry) => [
      Object.keys(e).sort().join(),
      Object.keys(e.details ?? {})
        .sort()
        .join(),
      e.reason,
    ];
    for (const e of denied) assert.deepEqual(shape(e), shape(denied[0]!), 'same keys and reason');
    const why = denied.map((e) => (e.details as { refusal?: string }).refusal);
    assert.equal(new Set(why).size, attempts.length, `the internal reason tells them apart: ${why.join(', ')}`);
  });

  it('access is checked before the plan is looked at: an analyst probing a plan id learns nothing about it', async () => {
    const { file } = await alerts();
    const { plan } = await service().plan(who(rui), file.id, 'disableUser');
    const probe = await refusal(
      () => service().confirm(who(sam), { alertId: file.id, planId: plan.planId, action: 'deleteFile' }),
      'forbidden',
      /responder/,
    );
    const blind = await refusal(
      () => service().confirm(who(sam), { alertId: file.id, planId: 'no-such-plan', action: 'deleteFile' }),
      'forbidden',
    );
    assert.equal(probe.userMessage, blind.userMessage);
    assert.doesNotMatch(probe.userMessage, /Disable the user account|Rui/);
    const undoProbe = await refusal(
      () => service().undo(who(sam), { alertId: file.id, planId: plan.planId, action: 'deleteFile' }),
      'forbidden',
    );
    assert.doesNotMatch(undoProbe.userMessage, /Disable the user account|Rui|not run/);
  });

  it("refuses when the alert's evidence changed since the plan was made", async () => {
    const { file } = await alerts();
    const { plan } = await service().plan(who(rui), file.id, 'disableUser');
    const other: Alert = { ...file, subject: { ...file.subject, id: 'b0000000-0000-4000-8000-0000000000ff' } };
    const changed = { get: async (id: string) => (id === file.id ? other : store.get(id)) };
    policy = {
      grants: [{ principal: { kind: 'user', id: rui.id }, roles: ['responder'], scope: { kind: 'unrestricted' } }],
    };
    await refusal(
      () =>
        service({ alerts: changed }).confirm(who(rui), {
          alertId: file.id,
          planId: plan.planId,
          action: 'disableUser',
        }),
      'stale',
      /evidence changed/,
    );
  });

  it('dry run: the plan is shown, confirm reports "not executed" for every step, audits it, and changes nothing', async () => {
    const { file } = await alerts();
    const before = await fs.readFile(stateFile, 'utf8');
    const svc = service({ mode: 'dryRun' });
    const { plan } = await svc.plan(who(rui), file.id, 'removeSharingLinks');
    assert.equal(plan.mode, 'dryRun');
    const run = await svc.confirm(who(rui), { alertId: file.id, planId: plan.planId, action: 'removeSharingLinks' });
    assert.equal(run.status, 'dryRun');
    assert.equal(run.undoable, false);
    for (const r of run.results) assert.ok(r.outcome === 'notExecuted' || r.outcome === 'skipped', r.outcome);
    assert.ok(run.results.some((r) => r.message === 'Dry run: not executed.'));
    assert.equal(await fs.readFile(stateFile, 'utf8'), before, 'state file unchanged');
    assert.match(posted[0]!.text, /dry run, nothing was changed/);
    const steps = (await auditEntries()).filter((e) => e.action === 'alert.remediate.step');
    assert.equal(steps.length, plan.steps.length);
    assert.ok(steps.every((e) => (e.details as { dryRun?: boolean }).dryRun === true));
    await refusal(
      () => svc.undo(who(rui), { alertId: file.id, planId: plan.planId, action: 'removeSharingLinks' }),
      'invalid',
      /dry run/,
    );
  });

  it('a plan made in dry run stays a dry run even if the mode is execute at confirm time', async () => {
    const { file } = await alerts();
    const { plan } = await service({ mode: 'dryRun' }).plan(who(rui), file.id, 'disableUser');
    const run = await service({ mode: 'execute' }).confirm(who(rui), {
      alertId: file.id,
      planId: plan.planId,
      action: 'disableUser',
    });
    assert.equal(run.status, 'dryRun');
    assert.equal((await state()).users[file.subject!.id!]!.accountEnabled, true);
  });

  it('partial failure is reported as such: removed links are gone, the failing and inherited ones stay', async () => {
    const { failingFile } = await alerts();
    const url = failingFile.file!.url!;
    const linksBefore = (await state()).files[url]!.links;
    const { plan } = await service().plan(who(rui), failingFile.id, 'removeSharingLinks');
    assert.equal(plan.steps.length, linksBefore.length, 'one step per link, removable or not');
    const run = await service().confirm(who(rui), {
      alertId: failingFile.id,
      planId: plan.planId,
      action: 'removeSharingLinks',
    });
    assert.equal(run.status, 'partlyFailed');
    assert.ok(run.results.some((r) => r.outcome === 'failed' && /423 Locked/.test(r.message)));
    assert.ok(run.results.some((r) => r.outcome === 'succeeded'));
    assert.ok(run.results.some((r) => r.outcome === 'skipped' && /inherited/.test(r.description)));
    const after = (await state()).files[url]!.links;
    assert.ok(
      after.some((l) => l.simulatedFailure),
      'the failing link is still there',
    );
    assert.ok(
      after.some((l) => l.inheritedFrom),
      'the inherited link is still there',
    );
    assert.ok(!after.some((l) => l.scope === 'anonymous' && !l.inheritedFrom), 'the anyone link is gone');
    assert.match(posted[0]!.text, /partly failed: 1 done, 1 failed/);
    const confirm = (await auditEntries()).find((e) => e.action === 'alert.remediate.confirm');
    assert.equal(confirm?.outcome, 'failed');
    assert.equal((confirm?.details as { status?: string }).status, 'partlyFailed');
  });

  it('an inherited anyone link the plan cannot remove: "done, but still exposed" in the run, the thread and the audit, naming what exposes it', async () => {
    const { file } = await alerts();
    const url = file.file!.url!;
    const inherited = (await state()).files[url]!.links.find((l) => l.inheritedFrom && l.scope === 'anonymous');
    assert.ok(inherited, 'the seed gives the file an inherited anyone link');
    const { plan } = await service().plan(who(rui), file.id, 'removeSharingLinks');
    const run = await service().confirm(who(rui), {
      alertId: file.id,
      planId: plan.planId,
      action: 'removeSharingLinks',
    });
    assert.equal(run.status, 'doneButExposed');
    assert.ok(run.results.every((r) => r.outcome === 'succeeded' || r.outcome === 'skipped'));
    assert.deepEqual(
      run.results.filter((r) => r.exposure).map((r) => r.exposure),
      ['an anyone link inherited from the parent folder'],
    );
    assert.match(
      posted[0]!.text,
      /^Rui Responder confirmed "Remove sharing links": done, but still exposed: an anyone link inherited from the parent folder/,
    );
    assert.ok(
      !posted[0]!.text.includes(inherited.inheritedFrom!) && !posted[0]!.text.includes(inherited.webUrl),
      'the thread summary names no target',
    );
    const entries = await auditEntries();
    const confirm = entries.find((e) => e.action === 'alert.remediate.confirm')!;
    assert.equal((confirm.details as { status?: string }).status, 'doneButExposed');
    assert.match(confirm.reason ?? '', /still exposed: an anyone link inherited from the parent folder/);
    const steps = entries.filter((e) => e.action === 'alert.remediate.step');
    assert.equal(steps.length, plan.steps.length);
    for (const e of steps) {
      const d = e.details as Record<string, unknown>;
      assert.deepEqual(
        [d.kind, d.targetKind, typeof d.outcome],
        ['removeSharingLink', 'file', 'string'],
        JSON.stringify(d),
      );
    }
    const skipped = steps.find(
      (e) => (e.details as { params?: { permissionId?: string } }).params?.permissionId === inherited.id,
    )!;
    assert.ok(skipped, 'the step audit names the link it is about');
    assert.deepEqual(
      [(skipped.details as { outcome?: string }).outcome, (skipped.details as { exposure?: string }).exposure],
      ['skipped', 'an anyone link inherited from the parent folder'],
    );
  });

  it('a step that fails outright makes the run "failed", and there is nothing to undo', async () => {
    const { failingDevice } = await alerts();
    const { plan } = await service().plan(who(rui), failingDevice.id, 'isolateDevice');
    const run = await service().confirm(who(rui), {
      alertId: failingDevice.id,
      planId: plan.planId,
      action: 'isolateDevice',
    });
    assert.equal(run.status, 'failed');
    assert.equal(run.undoable, false);
    assert.equal((await state()).devices[failingDevice.device!.mdeDeviceId!]!.isolated, false);
    await refusal(
      () => service().undo(who(rui), { alertId: failingDevice.id, planId: plan.planId, action: 'isolateDevice' }),
      'invalid',
    );
  });

  it('a backend that throws mid-run: the step is failed with an "unknown outcome" message and the error is audited', async () => {
    const { file } = await alerts();
    const broken: Remediator = {
      plan: (a, x) => remediator.plan(a, x),
      execute: async () => Promise.reject(new Error('ECONNRESET graph.microsoft.com')),
    };
    const svc = service({ remediator: broken });
    const { plan } = await svc.plan(who(rui), file.id, 'deleteFile');
    const run = await svc.confirm(who(rui), { alertId: file.id, planId: plan.planId, action: 'deleteFile' });
    assert.equal(run.status, 'failed');
    assert.match(run.results[0]!.message, /unknown/);
    const step = (await auditEntries()).find((e) => e.action === 'alert.remediate.step');
    assert.equal((step?.details as { error?: string }).error, 'ECONNRESET graph.microsoft.com');
  });

  it('undo re-enables a disabled account, once; revoking sessions cannot be undone', async () => {
    const { file } = await alerts();
    const disable = (await service().plan(who(rui), file.id, 'disableUser')).plan;
    const ref = { alertId: file.id, planId: disable.planId, action: 'disableUser' as const };
    await service().confirm(who(rui), ref);
    await refusal(() => service().undo(who(sam), ref), 'forbidden');
    const undo = await service().undo(who(avery), ref);
    assert.equal(undo.kind, 'undo');
    assert.equal(undo.status, 'done');
    assert.equal(undo.undoable, false);
    assert.deepEqual(
      undo.results.map((r) => r.kind),
      ['enableUser'],
    );
    assert.equal((await state()).users[file.subject!.id!]!.accountEnabled, true);
    assert.match(posted.at(-1)!.text, /Avery Admin undid "Disable the user account": done/);
    await refusal(() => service().undo(who(rui), ref), 'conflict', /already undone/);

    const revoke = (await service().plan(who(rui), file.id, 'revokeSessions')).plan;
    const revokeRef = { alertId: file.id, planId: revoke.planId, action: 'revokeSessions' as const };
    await refusal(() => service().undo(who(rui), revokeRef), 'invalid', /not run/);
    const run = await service().confirm(who(rui), revokeRef);
    assert.equal(run.undoable, false);
    await refusal(() => service().undo(who(rui), revokeRef), 'invalid', /cannot be undone/);
  });

  describe('who may undo', () => {
    const grant = (p: Persona, roles: ('responder' | 'admin' | 'analyst')[], units?: string[]) => ({
      principal: { kind: 'user' as const, id: p.id },
      roles,
      scope: units ? { kind: 'administrativeUnits' as const, units } : { kind: 'unrestricted' as const },
    });
    /** A confirmed disableUser plan of Rui's on a file alert whose subject is (or is not) in EMEA. */
    async function confirmedByRui(inEmea: boolean) {
      const all = (await store.listChangedSince(undefined)).alerts;
      const emea = store.tenant().directory.administrativeUnits.find((au) => au.displayName === 'EMEA')!.members;
      const alert = all.find(
        (a) => a.subject?.id && remediationsFor(a).includes('disableUser') && emea.includes(a.subject.id) === inEmea,
      )!;
      assert.ok(alert, `an alert ${inEmea ? 'in' : 'outside'} EMEA`);
      const { plan } = await service().plan(who(rui), alert.id, 'disableUser');
      const ref = { alertId: alert.id, planId: plan.planId, action: 'disableUser' as const };
      await service().confirm(who(rui), ref);
      assert.equal((await state()).users[alert.subject!.id!]!.accountEnabled, false);
      return { alert, plan, ref };
    }

    beforeEach(() => {
      // Sam: a responder who is not an admin. Emma: a responder everywhere, an admin only in EMEA.
      policy = {
        grants: [
          grant(rui, ['responder']),
          grant(avery, ['admin']),
          grant(sam, ['responder']),
          grant(emma, ['responder']),
          grant(emma, ['admin'], ['EMEA']),
        ],
      };
    });

    it("another responder undoing someone's plan gets the missing-plan answer; nothing changes; the refusal is audited", async () => {
      const { alert, ref } = await confirmedByRui(false);
      const foreign = await refusal(() => service().undo(who(sam), ref), 'not-found');
      const missing = await refusal(() => service().undo(who(sam), { ...ref, planId: 'no-such-plan' }), 'not-found');
      assert.equal(foreign.userMessage, missing.userMessage);
      assert.doesNotMatch(foreign.userMessage, /Rui|Disable/);
      assert.equal((await state()).users[alert.subject!.id!]!.accountEnabled, false, 'still disabled');
      assert.equal((await plans.get(ref.planId))!.undoneAt, undefined);
      const denied = (await auditEntries()).filter(
        (e) => e.action === 'alert.remediate.undo' && e.outcome === 'denied',
      );
      assert.equal(denied.length, 2);
      assert.ok(denied.every((e) => (e.actor as { id: string }).id === sam.id && e.alertId === alert.id));
    });

    it('an admin whose scope does not cover the alert gets the missing-plan answer too', async () => {
      const { ref } = await confirmedByRui(false);
      const missing = await refusal(() => service().undo(who(emma), { ...ref, planId: 'no-such-plan' }), 'not-found');
      const outOfScope = await refusal(() => service().undo(who(emma), ref), 'not-found');
      assert.equal(outOfScope.userMessage, missing.userMessage);
    });

    it('an admin may undo a plan in their scope: the result is audited per step under the admin', async () => {
      const { alert, ref } = await confirmedByRui(true);
      const undo = await service().undo(who(emma), ref);
      assert.equal(undo.status, 'done');
      assert.equal((await state()).users[alert.subject!.id!]!.accountEnabled, true);
      const undone = await plans.get(ref.planId);
      assert.equal(undone!.undoneBy?.id, emma.id);
      const entries = (await auditEntries()).filter((e) => e.action.startsWith('alert.remediate.undo'));
      assert.deepEqual(
        entries.map((e) => `${e.action}:${e.outcome}:${(e.actor as { id: string }).id}`),
        [`alert.remediate.undoStep:success:${emma.id}`, `alert.remediate.undo:success:${emma.id}`],
      );
    });

    it('an admin without any remediation role may undo (unrestricted admin), and the confirmer may undo their own', async () => {
      const first = await confirmedByRui(false);
      assert.equal((await service().undo(who(avery), first.ref)).status, 'done');
      const second = await confirmedByRui(true);
      assert.equal((await service().undo(who(rui), second.ref)).status, 'done');
    });
  });

  it('isolate a device, then undo releases it', async () => {
    const { device } = await alerts();
    const key = device.device!.mdeDeviceId!;
    const { plan } = await service().plan(who(rui), device.id, 'isolateDevice');
    const ref = { alertId: device.id, planId: plan.planId, action: 'isolateDevice' as const };
    const run = await service().confirm(who(rui), ref);
    assert.equal(run.undoable, true);
    assert.equal((await state()).devices[key]!.isolated, true);
    const again = await service().plan(who(rui), device.id, 'isolateDevice');
    assert.equal(again.plan.steps[0]!.executable, false, 'already isolated: nothing to change');
    await refusal(
      () => service().confirm(who(rui), { ...ref, planId: again.plan.planId }),
      'invalid',
      /nothing to change/,
    );
    const undo = await service().undo(who(rui), ref);
    assert.deepEqual(
      undo.results.map((r) => [r.kind, r.outcome]),
      [['releaseDevice', 'succeeded']],
    );
    assert.equal((await state()).devices[key]!.isolated, false);
    const undoAudit = (await auditEntries()).filter((e) => e.action.startsWith('alert.remediate.undo'));
    assert.deepEqual(
      undoAudit.map((e) => `${e.action}:${e.outcome}`),
      ['alert.remediate.undoStep:success', 'alert.remediate.undo:success'],
    );
  });

  it('plans survive a restart (the journal), and a used plan stays used', async () => {
    const { file } = await alerts();
    const { plan } = await service().plan(who(rui), file.id, 'disableUser');
    await service().confirm(who(rui), { alertId: file.id, planId: plan.planId, action: 'disableUser' });
    await plans.close();
    plans = await JournalPlanStore.open(tmp.path, clock.now());
    const reread = await plans.get(plan.planId);
    assert.ok(reread?.usedAt);
    assert.deepEqual(
      reread.results?.map((r) => r.outcome),
      ['succeeded'],
    );
    await refusal(
      () => service().confirm(who(rui), { alertId: file.id, planId: plan.planId, action: 'disableUser' }),
      'conflict',
    );
  });
});
