import { strict as assert } from 'node:assert';
import { PerAlertQueue } from '../../../src/triage/per-alert-queue.js';

/** A promise the test settles by hand. */
function gate<T = void>(): { promise: Promise<T>; open: (v: T) => void; fail: (e: Error) => void } {
  let open!: (v: T) => void;
  let fail!: (e: Error) => void;
  const promise = new Promise<T>((resolve, reject) => ((open = resolve), (fail = reject)));
  return { promise, open, fail };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('PerAlertQueue: changes to one alert run one after another', () => {
  it('a second change of the same alert starts only after the first finished; other alerts do not wait', async () => {
    const queue = new PerAlertQueue();
    const started: string[] = [];
    const first = gate();
    const a1 = queue.run('a', async () => (started.push('a1'), first.promise));
    const a2 = queue.run('a', async () => void started.push('a2'));
    const b1 = queue.run('b', async () => void started.push('b1'));
    await tick();
    assert.deepEqual(started, ['a1', 'b1']);
    first.open();
    await Promise.all([a1, a2, b1]);
    assert.deepEqual(started, ['a1', 'b1', 'a2']);
  });

  it('a failed change does not block the next one, and its caller sees the failure', async () => {
    const queue = new PerAlertQueue();
    const first = gate();
    const failed = queue.run('a', () => first.promise);
    const next = queue.run('a', async () => 'ran');
    first.fail(new Error('boom'));
    await assert.rejects(failed, /boom/);
    assert.equal(await next, 'ran');
  });

  it('keeps nothing once an alert’s changes are done', async () => {
    const queue = new PerAlertQueue();
    await Promise.all([queue.run('a', async () => 1), queue.run('b', async () => 2), queue.run('a', async () => 3)]);
    await tick();
    assert.equal(queue.size, 0);
  });
});
