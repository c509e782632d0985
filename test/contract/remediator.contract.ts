import { strict as assert } from 'node:assert';
import { isExternal, type LocalRemediationState } from '../../src/backends/local/local-remediation-state.js';
import type { Alert } from '../../src/triage/alert.js';
import { REMEDIATION_ACTIONS, remediationsFor } from '../../src/triage/remediation/remediation-action.js';
import { inverseOf, type Remediator, type RemediationStep } from '../../src/triage/remediation/remediator.js';

export interface RemediatorFixture {
  /** The current remediator (a reset may replace it). */
  readonly remediator: Remediator;
  /** The seeded alerts, as the domain sees them. */
  alerts: Alert[];
  /** The remediation state both backends start from (local-remediation-state.ts seed). */
  seed: LocalRemediationState;
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Remediator contract: plans read the target's current state, execute changes it (so the next plan
 * has nothing to do), refusals are `ok: false` with a message, and undo reverses what it may. Run
 * against the local simulation and Graph + Defender for Endpoint (through the emulator).
 */
export function remediatorContract(name: string, open: () => Promise<RemediatorFixture>): void {
  describe(`Remediator contract: ${name}`, function () {
    this.timeout(60_000);
    let f: RemediatorFixture;
    const r = () => f.remediator;
    const runAll = async (steps: RemediationStep[]) => {
      const out = [];
      for (const s of steps.filter((x) => x.executable)) out.push(await r().execute(s));
      return out;
    };
    const fileAlerts = () =>
      f.alerts.filter((a) => remediationsFor(a).includes('deleteFile') && a.file?.url && f.seed.files[a.file.url]);
    const linksOf = (a: Alert) => f.seed.files[a.file!.url!]!.links;
    const removable = (l: LocalRemediationState['files'][string]['links'][number]) =>
      !l.inheritedFrom && l.scope !== 'organization' && !(l.scope === 'users' && !l.grantees.some(isExternal));

    before(async () => {
      f = await open();
    });
    beforeEach(async () => f.reset());
    after(async () => f?.close());

    it('disableUser: plan, execute, nothing left to do, undo re-enables, and the next plan can disable again', async () => {
      const a = f.alerts.find((x) => x.subject?.id)!;
      const [step] = await r().plan(a, 'disableUser');
      assert.equal(step!.executable, true);
      assert.match(step!.description, new RegExp(a.subject!.displayName!));
      assert.equal((await r().execute(step!)).ok, true);
      const [again] = await r().plan(a, 'disableUser');
      assert.equal(again!.executable, false, 'already disabled');
      assert.match(again!.description, /already disabled/);
      const undo = inverseOf(step!)!;
      assert.equal(undo.kind, 'enableUser');
      assert.equal((await r().execute(undo)).ok, true);
      assert.equal((await r().plan(a, 'disableUser'))[0]!.executable, true);
    });

    it('revokeSessions: one executable step that says it cannot be undone, and it succeeds', async () => {
      const a = f.alerts.find((x) => x.subject?.id)!;
      const steps = await r().plan(a, 'revokeSessions');
      assert.equal(steps.length, 1);
      assert.equal(steps[0]!.executable, true);
      assert.match(steps[0]!.description, /cannot be undone/);
      assert.equal(inverseOf(steps[0]!), undefined);
      assert.equal((await r().execute(steps[0]!)).ok, true);
    });

    it('removeSharingLinks: one step per link; anyone and external links go, organization and inherited ones stay and say why', async () => {
      const a = fileAlerts().find((x) => linksOf(x).some(removable) && !linksOf(x).some((l) => l.simulatedFailure))!;
      const links = linksOf(a);
      const steps = await r().plan(a, 'removeSharingLinks');
      assert.deepEqual(
        steps.map((s) => s.params?.permissionId).sort(),
        links.map((l) => l.id).sort(),
        'exactly the links of the file',
      );
      for (const l of links) {
        const s = steps.find((x) => x.params?.permissionId === l.id)!;
        assert.ok(s.description.includes(l.webUrl), 'the step names the exact link');
        assert.equal(s.executable, removable(l), s.description);
        if (l.inheritedFrom) assert.match(s.description, /inherited/);
        // What a run leaves exposed, named without the target so the thread may be told.
        assert.equal(
          s.exposure,
          l.inheritedFrom && l.scope === 'anonymous' ? 'an anyone link inherited from the parent folder' : undefined,
          s.description,
        );
      }
      const results = await runAll(steps);
      assert.ok(results.length > 0 && results.every((x) => x.ok), JSON.stringify(results));
      const after = await r().plan(a, 'removeSharingLinks');
      assert.ok(
        after.every((s) => !s.executable),
        'nothing left to remove',
      );
    });

    it('a link whose removal is refused is reported with a message and stays', async () => {
      const a = fileAlerts().find((x) => linksOf(x).some((l) => l.simulatedFailure))!;
      const failing = linksOf(a).find((l) => l.simulatedFailure)!;
      const step = (await r().plan(a, 'removeSharingLinks')).find((s) => s.params?.permissionId === failing.id)!;
      const result = await r().execute(step);
      assert.equal(result.ok, false);
      assert.match(result.message, /lock/i);
      assert.equal(
        (await r().plan(a, 'removeSharingLinks')).find((s) => s.params?.permissionId === failing.id)?.executable,
        true,
      );
    });

    for (const [action, label] of [
      ['applySensitivityLabel', 'Highly Confidential'],
      ['applyRetentionLabel', 'Finance - 7 years'],
    ] as const) {
      it(`${action}: applies "${label}", after which there is nothing to change`, async () => {
        const a = fileAlerts()[0]!;
        const [step] = await r().plan(a, action);
        assert.equal(step!.executable, true);
        assert.equal(step!.params?.label, label);
        assert.ok(step!.description.includes(label));
        const result = await r().execute(step!);
        assert.equal(result.ok, true, result.message);
        const [again] = await r().plan(a, action);
        assert.equal(again!.executable, false);
        assert.match(again!.description, /already has/);
      });
    }

    it('deleteFile: moves it to the recycle bin; afterwards no file action has anything to change', async () => {
      const a = fileAlerts()[1]!;
      const [step] = await r().plan(a, 'deleteFile');
      assert.match(step!.description, /recycle bin/);
      assert.equal((await r().execute(step!)).ok, true);
      for (const action of REMEDIATION_ACTIONS.filter((x) =>
        ['removeSharingLinks', 'applySensitivityLabel', 'applyRetentionLabel', 'deleteFile'].includes(x),
      )) {
        assert.ok(
          (await r().plan(a, action)).every((s) => !s.executable),
          action,
        );
      }
    });

    it('isolateDevice: isolate, nothing left to do, release (undo), isolate possible again', async () => {
      const a = f.alerts.find((x) => x.device?.mdeDeviceId && !f.seed.devices[x.device.mdeDeviceId]?.simulatedFailure)!;
      const [step] = await r().plan(a, 'isolateDevice');
      assert.equal(step!.executable, true);
      assert.match(step!.description, /Isolate/);
      assert.equal((await r().execute(step!)).ok, true);
      assert.equal((await r().plan(a, 'isolateDevice'))[0]!.executable, false);
      const undo = inverseOf(step!)!;
      assert.equal(undo.kind, 'releaseDevice');
      assert.equal((await r().execute(undo)).ok, true);
      assert.equal((await r().plan(a, 'isolateDevice'))[0]!.executable, true);
    });

    it('an isolation the backend refuses is ok: false with a message, and the device is not isolated', async () => {
      const a = f.alerts.find((x) => x.device?.mdeDeviceId && f.seed.devices[x.device.mdeDeviceId]?.simulatedFailure)!;
      const [step] = await r().plan(a, 'isolateDevice');
      const result = await r().execute(step!);
      assert.equal(result.ok, false);
      assert.ok(result.message.length > 10);
      assert.equal((await r().plan(a, 'isolateDevice'))[0]!.executable, true);
    });
  });
}
