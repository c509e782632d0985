import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import {
  ISOLATION_FAILURE,
  LINK_REMOVAL_FAILURE,
  type LocalRemediationState,
} from '../../../../src/backends/local/local-remediation-state.js';
import { LocalRemediator } from '../../../../src/backends/local/local-remediator.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import type { Alert } from '../../../../src/triage/alert.js';
import type { Clock } from '../../../../src/triage/ports.js';
import type { RemediationStep } from '../../../../src/triage/remediation/remediator.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const tenant = buildSeedTenant(new Date(NOW));
const raws = tenant.alerts as Record<string, any>[];
const alerts = raws.map((r) => mapGraphAlert(r));
const extra = (a: Alert) => raws.find((r) => r.id === a.id)!.additionalData as Record<string, any>;
const fileAlerts = alerts.filter((a) => (a.workload === 'SharePoint' || a.workload === 'OneDrive') && a.file?.url);
const deviceAlerts = alerts.filter((a) => a.device?.mdeDeviceId);

describe('LocalRemediator (real lowdb file in a temp dir)', () => {
  const tmp = useTempDir('local-remediator-');
  let nowMs: number;
  const clock: Clock = { now: () => new Date(nowMs) };
  const file = () => path.join(tmp.path, 'local-remediation.json');
  const read = async (): Promise<LocalRemediationState> => JSON.parse(await fs.readFile(file(), 'utf8'));
  const open = () => LocalRemediator.open(file(), () => raws, clock);
  /** Edits the file as a person would, moving its mtime on so the change is seen on coarse file systems. */
  const edit = async (change: (s: LocalRemediationState) => void) => {
    const s = await read();
    change(s);
    await fs.writeFile(file(), JSON.stringify(s, null, 2));
    const { mtimeMs } = await fs.stat(file());
    await fs.utimes(file(), new Date(), new Date(mtimeMs + 5_000));
  };
  const runAll = async (r: LocalRemediator, steps: RemediationStep[]) => {
    const out = [];
    for (const s of steps.filter((x) => x.executable)) out.push(await r.execute(s));
    return out;
  };

  beforeEach(() => {
    nowMs = NOW;
  });

  it("seeds on first open from the tenant's alerts: users enabled, files with links and labels, devices not isolated", async () => {
    await open();
    const s = await read();
    const subjects = new Set(alerts.map((a) => a.subject?.id).filter(Boolean));
    assert.deepEqual(new Set(Object.keys(s.users)), subjects);
    for (const u of Object.values(s.users)) assert.deepEqual([u.accountEnabled, u.sessionsRevokedAt], [true, null]);
    assert.equal(Object.keys(s.files).length, fileAlerts.length);
    for (const a of fileAlerts) {
      const f = s.files[a.file!.url!]!;
      const sharedWith: string[] = extra(a).sharedWith;
      assert.equal(f.name, a.file!.name);
      assert.equal(f.deletedAt, null);
      assert.ok([null, 'General', 'Confidential'].includes(f.sensitivityLabel));
      assert.equal(f.links.filter((l) => l.inheritedFrom).length, 1, 'one inherited link');
      assert.equal(f.links.filter((l) => l.scope === 'organization').length, 1, 'one organization link');
      if (extra(a).sharingScope === 'anyone')
        assert.ok(f.links.some((l) => l.scope === 'anonymous' && !l.inheritedFrom));
      if (sharedWith.length) assert.deepEqual(f.links.find((l) => l.scope === 'users')?.grantees, sharedWith);
    }
    const labels = new Set(Object.values(s.files).map((f) => f.sensitivityLabel));
    assert.ok(
      labels.has(null) && labels.has('General') && labels.has('Confidential'),
      'some unlabelled, some General, some Confidential',
    );
    assert.equal(Object.keys(s.devices).length, new Set(deviceAlerts.map((a) => a.device!.mdeDeviceId)).size);
    for (const d of Object.values(s.devices)) assert.equal(d.isolated, false);
    const failingLinks = Object.values(s.files)
      .flatMap((f) => f.links)
      .filter((l) => l.simulatedFailure);
    assert.deepEqual(
      failingLinks.map((l) => l.simulatedFailure),
      [LINK_REMOVAL_FAILURE],
    );
    assert.deepEqual(
      Object.values(s.devices)
        .filter((d) => d.simulatedFailure)
        .map((d) => d.simulatedFailure),
      [ISOLATION_FAILURE],
    );
  });

  it('never overwrites an existing file, and refuses an unreadable one without touching it', async () => {
    await open();
    await edit((s) => (s.users = {}));
    await open();
    assert.deepEqual((await read()).users, {});
    await fs.writeFile(file(), '{"schemaVersion": 1, "users": 5}');
    await assert.rejects(open(), (e: Error) => e.message.includes(file()) && /users/.test(e.message));
    assert.equal(await fs.readFile(file(), 'utf8'), '{"schemaVersion": 1, "users": 5}');
  });

  it('removeSharingLinks: one step per link; anyone and external links are removed, organization and inherited ones stay and say why', async () => {
    const r = await open();
    const a = fileAlerts.find((x) => extra(x).sharingScope === 'anyone' || x === fileAlerts[1])!;
    const links = (await read()).files[a.file!.url!]!.links;
    const steps = await r.plan(a, 'removeSharingLinks');
    assert.equal(steps.length, links.length);
    links.forEach((l, i) => {
      const step = steps[i]!;
      assert.ok(step.description.includes(l.webUrl), 'the step names the exact link');
      assert.equal(step.params?.permissionId, l.id);
      assert.equal(step.executable, !l.inheritedFrom && l.scope !== 'organization');
    });
    assert.match(
      steps.find((s) => !s.executable && /inherited/.test(s.description))!.description,
      /can only be removed there/,
    );
    const results = await runAll(r, steps);
    assert.ok(results.every((x) => x.ok));
    const after = (await read()).files[a.file!.url!]!.links;
    assert.deepEqual(
      after.map((l) => l.id).sort(),
      links
        .filter((l) => l.inheritedFrom || l.scope === 'organization')
        .map((l) => l.id)
        .sort(),
    );
    assert.deepEqual(await r.execute(steps.find((s) => s.executable)!), {
      ok: true,
      message: 'The link was already gone.',
    });
  });

  it('an inherited link the plan cannot remove says what it leaves exposed (anyone or external), in words that name no target', async () => {
    const r = await open();
    const a = fileAlerts[0]!;
    const url = a.file!.url!;
    const external = 'guest@partner.example';
    await edit((s) => {
      const inherited = s.files[url]!.links.find((l) => l.inheritedFrom)!;
      s.files[url]!.links.push(
        { ...inherited, id: 'inherited-external', scope: 'users', grantees: [external] },
        {
          ...inherited,
          id: 'inherited-internal',
          scope: 'users',
          grantees: [`colleague@${tenant.directory.users[0]!.userPrincipalName.split('@')[1]}`],
        },
        { ...inherited, id: 'inherited-org', scope: 'organization' },
      );
    });
    const links = (await read()).files[url]!.links;
    const steps = await r.plan(a, 'removeSharingLinks');
    const exposureOf = (id: string) => steps.find((s) => s.params?.permissionId === id)?.exposure;
    const anyone = links.find((l) => l.inheritedFrom && l.scope === 'anonymous')!;
    assert.equal(exposureOf(anyone.id), 'an anyone link inherited from the parent folder');
    assert.equal(
      exposureOf('inherited-external'),
      'sharing with people outside your organization, inherited from the parent folder',
    );
    assert.equal(exposureOf('inherited-internal'), undefined);
    assert.equal(exposureOf('inherited-org'), undefined);
    for (const s of steps.filter(
      (x) => !x.params?.permissionId?.startsWith('inherited') && x.params?.permissionId !== anyone.id,
    ))
      assert.equal(s.exposure, undefined, s.description);
    for (const s of steps.filter((x) => x.exposure)) {
      assert.equal(s.executable, false);
      assert.ok(
        !s.exposure!.includes(anyone.inheritedFrom!) && !s.exposure!.includes(external),
        'no folder, link or person in it',
      );
    }
  });

  it('a link whose removal fails stays, with the simulated message', async () => {
    const r = await open();
    const s = await read();
    const a = fileAlerts.find((x) => s.files[x.file!.url!]!.links.some((l) => l.simulatedFailure))!;
    const failing = s.files[a.file!.url!]!.links.find((l) => l.simulatedFailure)!;
    const step = (await r.plan(a, 'removeSharingLinks')).find((x) => x.params?.permissionId === failing.id)!;
    assert.deepEqual(await r.execute(step), { ok: false, message: LINK_REMOVAL_FAILURE });
    assert.ok((await read()).files[a.file!.url!]!.links.some((l) => l.id === failing.id));
  });

  it('labels: the plan states the label it replaces and the one it sets; once applied, there is nothing to change', async () => {
    const r = await open();
    const s = await read();
    const general = fileAlerts.find((x) => s.files[x.file!.url!]!.sensitivityLabel === 'General')!;
    const [step] = await r.plan(general, 'applySensitivityLabel');
    assert.match(step!.description, /Replace the sensitivity label "General" on .+ with "Highly Confidential"/);
    assert.deepEqual(step!.params, { label: 'Highly Confidential', previousLabel: 'General' });
    assert.equal((await r.execute(step!)).ok, true);
    assert.equal((await read()).files[general.file!.url!]!.sensitivityLabel, 'Highly Confidential');
    const [again] = await r.plan(general, 'applySensitivityLabel');
    assert.equal(again!.executable, false);

    const unlabelled = fileAlerts.find((x) => s.files[x.file!.url!]!.retentionLabel === null)!;
    const [retention] = await r.plan(unlabelled, 'applyRetentionLabel');
    assert.match(retention!.description, /Apply the retention label "Finance - 7 years" to .+ \(it has none now\)/);
    await r.execute(retention!);
    assert.equal((await read()).files[unlabelled.file!.url!]!.retentionLabel, 'Finance - 7 years');
  });

  it('deleteFile moves the file to the recycle bin; later file plans have nothing to change', async () => {
    const r = await open();
    const a = fileAlerts[0]!;
    const [step] = await r.plan(a, 'deleteFile');
    assert.match(step!.description, /recycle bin/);
    nowMs += 1_000;
    await r.execute(step!);
    assert.equal((await read()).files[a.file!.url!]!.deletedAt, new Date(nowMs).toISOString());
    for (const action of ['removeSharingLinks', 'applySensitivityLabel', 'deleteFile'] as const) {
      const steps = await r.plan(a, action);
      assert.ok(
        steps.every((x) => !x.executable),
        action,
      );
    }
  });

  it('user: disable, enable, revoke sessions; a hand-edited failure applies without a restart', async () => {
    const r = await open();
    const a = alerts[0]!;
    const id = a.subject!.id!;
    const [disable] = await r.plan(a, 'disableUser');
    await r.execute(disable!);
    assert.equal((await read()).users[id]!.accountEnabled, false);
    assert.equal((await r.plan(a, 'disableUser'))[0]!.executable, false, 'already disabled');
    await r.execute({ ...disable!, kind: 'enableUser' });
    assert.equal((await read()).users[id]!.accountEnabled, true);
    const [revoke] = await r.plan(a, 'revokeSessions');
    await r.execute(revoke!);
    assert.equal((await read()).users[id]!.sessionsRevokedAt, new Date(NOW).toISOString());
    await edit(
      (s) => (s.users[id]!.simulatedFailure = 'Insufficient privileges to complete the operation (HTTP 403).'),
    );
    assert.deepEqual(await r.execute(disable!), {
      ok: false,
      message: 'Insufficient privileges to complete the operation (HTTP 403).',
    });
    assert.equal((await read()).users[id]!.accountEnabled, true);
  });

  it('device: isolate and release; the failing device stays not isolated', async () => {
    const r = await open();
    const s = await read();
    const ok = deviceAlerts.find((a) => !s.devices[a.device!.mdeDeviceId!]!.simulatedFailure)!;
    const bad = deviceAlerts.find((a) => s.devices[a.device!.mdeDeviceId!]!.simulatedFailure)!;
    const [isolate] = await r.plan(ok, 'isolateDevice');
    assert.ok((await r.execute(isolate!)).ok);
    assert.equal((await read()).devices[ok.device!.mdeDeviceId!]!.isolated, true);
    await r.execute({ ...isolate!, kind: 'releaseDevice' });
    assert.deepEqual((await read()).devices[ok.device!.mdeDeviceId!], {
      name: ok.device!.name,
      isolated: false,
      isolatedAt: null,
    });
    const [fails] = await r.plan(bad, 'isolateDevice');
    assert.deepEqual(await r.execute(fails!), { ok: false, message: ISOLATION_FAILURE });
    assert.equal((await read()).devices[bad.device!.mdeDeviceId!]!.isolated, false);
  });

  it('evidence that appeared after the seed (a new alert) is added on first plan', async () => {
    const extraRaws: Record<string, any>[] = [];
    const r = await LocalRemediator.open(file(), () => [...raws, ...extraRaws], clock);
    const template = raws.find((x) => x.additionalData.workload === 'OneDrive')!;
    const raw = structuredClone(template);
    raw.id = 'dl-new-alert';
    raw.additionalData.fileUrl = `${raw.additionalData.siteUrl}/Documents/new-file.xlsx`;
    raw.additionalData.sharingScope = 'anyone';
    extraRaws.push(raw);
    const alert = mapGraphAlert(raw);
    const steps = await r.plan(alert, 'removeSharingLinks');
    assert.ok(steps.some((x) => x.executable && /anyone-with-the-link/.test(x.description)));
    assert.ok((await read()).files[raw.additionalData.fileUrl], 'persisted');
  });

  it('concurrent operations are serialised: every change reaches the file', async () => {
    const r = await open();
    const subjects = alerts
      .filter((a, i, all) => a.subject?.id && all.findIndex((b) => b.subject?.id === a.subject?.id) === i)
      .slice(0, 6);
    const steps = await Promise.all(subjects.map(async (a) => (await r.plan(a, 'disableUser'))[0]!));
    await Promise.all(steps.map((s) => r.execute(s)));
    const s = await read();
    for (const a of subjects) assert.equal(s.users[a.subject!.id!]!.accountEnabled, false);
  });
});
