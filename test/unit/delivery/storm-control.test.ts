import { strict as assert } from 'node:assert';
import type { StormControl } from '../../../src/delivery/storm-control.js';
import type { Alert } from '../../../src/triage/alert.js';
import { FileDeliveryState } from '../../support/file-delivery-state.js';
import { useTempDir } from '../../support/unit-temp-dir.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const OPTIONS = { threshold: 2, windowMs: 10 * 60_000 };

/** A channel summary of user `who`'s match of `policy`, `minutes` after T0. */
function alert(id: string, minutes: number, who = 'user-1', policy = 'Contoso PCI'): Alert {
  const at = new Date(T0 + minutes * 60_000).toISOString();
  return {
    id,
    title: `match ${id}`,
    severity: 'high',
    status: 'new',
    classification: 'unknown',
    determination: 'unknown',
    createdAt: at,
    lastUpdatedAt: at,
    policyName: policy,
    workload: 'OneDrive',
    subject: { id: who },
    sensitiveInfoTypes: [],
    comments: [],
  };
}

describe('StormControl', () => {
  const tmp = useTempDir('storm-control-');
  let files: FileDeliveryState;
  let storms: StormControl;
  beforeEach(async () => {
    files = new FileDeliveryState(tmp.path);
    storms = await files.storms(OPTIONS);
  });
  afterEach(() => files.close());

  const place = (a: Alert, channel = 'channel-1') => storms.place(a, channel)?.id;

  it('the first `threshold` alerts within the window open threads; the following ones join one storm', () => {
    assert.equal(place(alert('a1', 0)), undefined);
    assert.equal(place(alert('a2', 1)), undefined);
    assert.equal(place(alert('a3', 2)), 'a1');
    assert.equal(place(alert('a4', 3)), 'a1');
    assert.deepEqual(
      storms.membersOf('a1').map((a) => a.id),
      ['a4', 'a3'],
      'newest first',
    );
  });

  it('counts per user, per policy and per channel', () => {
    for (const [i, who, policy, channel] of [
      [0, 'user-1', 'PCI', 'c1'],
      [1, 'user-2', 'PCI', 'c1'],
      [2, 'user-1', 'GDPR', 'c1'],
      [3, 'user-1', 'PCI', 'c2'],
      [4, 'user-1', 'PCI', 'c1'],
    ] as const)
      assert.equal(place(alert(`a${i}`, i, who, policy), channel), undefined, `a${i} opens a thread`);
    assert.equal(place(alert('a5', 5, 'user-1', 'PCI'), 'c1'), 'a0');
  });

  it('alerts further apart than the window never storm, and a storm ends after a quiet window', () => {
    assert.equal(place(alert('a1', 0)), undefined);
    assert.equal(place(alert('a2', 11)), undefined);
    assert.equal(place(alert('a3', 16)), undefined);
    assert.equal(place(alert('a4', 20)), 'a2', 'a2 and a3 are within the window of a4');
    assert.equal(place(alert('a5', 29)), 'a2', 'the storm goes on while alerts keep coming within the window');
    assert.equal(place(alert('a6', 40)), undefined, 'a quiet window ends it');
  });

  it('alerts without a user or a policy never storm', () => {
    for (let i = 0; i < 5; i++) {
      const a = alert(`a${i}`, i);
      assert.equal(place({ ...a, subject: undefined }), undefined);
      assert.equal(place({ ...a, id: `b${i}`, policyName: undefined }), undefined);
    }
  });

  it('decisions are sticky, and kept across a reopen once flushed', async () => {
    for (let i = 0; i < 5; i++) place(alert(`a${i}`, i));
    assert.equal(place(alert('a0', 0)), undefined, 'asked again: still its own thread');
    assert.equal(place(alert('a3', 3)), 'a0', 'asked again: the same storm');
    await storms.posted('a0', 'activity-1');
    await files.close();
    storms = await files.storms(OPTIONS);
    assert.equal(place(alert('a1', 1)), undefined);
    assert.equal(place(alert('a4', 4)), 'a0');
    assert.equal(storms.get('a0')?.activityId, 'activity-1');
    assert.equal(place(alert('a5', 5)), 'a0', 'the storm goes on after the reopen');
    assert.deepEqual(
      storms.membersOf('a0').map((a) => a.id),
      ['a5', 'a4', 'a3', 'a2'],
    );
  });

  it('keeps a member’s newer snapshot only', () => {
    for (let i = 0; i < 3; i++) place(alert(`a${i}`, i));
    const member = alert('a2', 2);
    const newer = { ...member, status: 'resolved' as const, lastUpdatedAt: new Date(T0 + 60 * 60_000).toISOString() };
    assert.equal(storms.track(newer), true);
    assert.equal(storms.track(member), false, 'an older snapshot changes nothing');
    assert.equal(storms.track(alert('a1', 1)), false, 'not a member');
    assert.equal(storms.membersOf('a0')[0]?.status, 'resolved');
  });
});
