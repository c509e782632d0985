import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { dueDigest, latestOccurrence } from '../../../src/digest/digest-due.js';
import { DigestScheduler } from '../../../src/digest/digest-scheduler.js';
import { createLogger } from '../../../src/logger.js';
import type { DigestSubscription } from '../../../src/triage/digest/digest-subscription.js';
import type { Clock } from '../../../src/triage/ports.js';
import { HOUR, alertAged } from '../../support/digest-fixtures.js';
import { MIA, digestRig, subjectIn, type DigestRig } from '../../support/digest-service-fixture.js';
import { SimulatedTime } from '../../support/simulated-time.js';
import { useTempDir } from '../../support/unit-temp-dir.js';
import { who } from '../../support/demo-access.js';

const MIN = 60_000;
const BERLIN = 'Europe/Berlin';
const clock: Clock = { now: () => new Date() }; // Date is simulated

/** A running app's digest part: service, scheduler and the log lines it wrote. */
interface Running {
  rig: DigestRig;
  scheduler: DigestScheduler;
  logs: Record<string, unknown>[];
  /** Simulated instants at which a card was queued. */
  sentAt: string[];
}

describe('DigestScheduler (simulated time, croner, real journal)', function () {
  this.timeout(60_000);
  const tmp = useTempDir('digest-scheduler-');
  let time: SimulatedTime | undefined;
  const running: Running[] = [];

  async function boot(): Promise<Running> {
    const logs: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        logs.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const rig = await digestRig(tmp.path, clock, [alertAged(new Date(), HOUR, { subject: subjectIn('emea') })]);
    const sentAt: string[] = [];
    rig.notifier.onSend = () => sentAt.push(new Date().toISOString());
    const scheduler = new DigestScheduler(
      rig.subscriptions,
      (id, date) => rig.service.deliver(id, date),
      clock,
      createLogger('info', sink),
      { catchUpHours: 6 },
    );
    const r = { rig, scheduler, logs, sentAt };
    running.push(r);
    return r;
  }

  /** Stops the scheduler and closes the journal, as compose does on shutdown. */
  async function shutdown(r: Running): Promise<void> {
    await r.scheduler.stop();
    await r.rig.close();
    running.splice(running.indexOf(r), 1);
  }

  /** A subscription written straight into the journal (as a previous run would have left it). */
  async function seedSubscription(r: Running, fields: Partial<DigestSubscription>): Promise<DigestSubscription> {
    const sub: DigestSubscription = {
      id: `user:${MIA.id}`,
      target: { kind: 'user', userId: MIA.id },
      time: '08:00',
      timeZone: BERLIN,
      since: '2026-01-01T00:00:00.000Z',
      createdBy: { id: MIA.id },
      ...fields,
    };
    await r.rig.subscriptions.save(sub);
    return sub;
  }

  afterEach(async () => {
    for (const r of [...running]) await shutdown(r);
    time?.uninstall();
    time = undefined;
  });

  it('fires at 08:00 Europe/Berlin across the spring DST change, once a day', async () => {
    time = SimulatedTime.install(Date.parse('2026-03-27T12:00:00Z'));
    const r = await boot();
    await r.rig.service.subscribe(who(MIA), { kind: 'personal' }, { timeZone: BERLIN });
    r.scheduler.start();
    await time.runUntil(() => r.sentAt.length >= 4, 5 * 24 * HOUR, 'four digests');
    await time.advance(20 * HOUR);
    // CET (UTC+1) until Sunday 29 March 02:00, then CEST (UTC+2): 08:00 local moves from 07:00Z to 06:00Z.
    assert.deepEqual(r.sentAt, [
      '2026-03-28T07:00:00.000Z',
      '2026-03-29T06:00:00.000Z',
      '2026-03-30T06:00:00.000Z',
      '2026-03-31T06:00:00.000Z',
    ]);
    assert.equal(r.rig.subscriptions.get(`user:${MIA.id}`)?.lastSentDate, '2026-03-31');
  });

  it('fires at 08:00 Europe/Berlin across the autumn DST change, once a day', async () => {
    time = SimulatedTime.install(Date.parse('2026-10-23T12:00:00Z'));
    const r = await boot();
    await r.rig.service.subscribe(who(MIA), { kind: 'personal' }, { timeZone: BERLIN });
    r.scheduler.start();
    await time.runUntil(() => r.sentAt.length >= 3, 4 * 24 * HOUR, 'three digests');
    await time.advance(20 * HOUR);
    // CEST until Sunday 25 October 03:00, then CET: 08:00 local moves from 06:00Z to 07:00Z.
    assert.deepEqual(r.sentAt, ['2026-10-24T06:00:00.000Z', '2026-10-25T07:00:00.000Z', '2026-10-26T07:00:00.000Z']);
  });

  it('a restart after the send does not send again; the next day comes as usual', async () => {
    time = SimulatedTime.install(Date.parse('2026-06-10T05:50:00Z')); // 07:50 in Berlin
    const first = await boot();
    await first.rig.service.subscribe(who(MIA), { kind: 'personal' }, { timeZone: BERLIN });
    first.scheduler.start();
    await time.advance(15 * MIN);
    assert.deepEqual(first.sentAt, ['2026-06-10T06:00:00.000Z']);
    await shutdown(first);

    await time.advance(5 * MIN);
    const second = await boot();
    second.scheduler.start();
    await time.advance(2 * HOUR);
    assert.deepEqual(second.sentAt, [], 'nothing resent after the restart');
    await time.runUntil(() => second.sentAt.length >= 1, 24 * HOUR, 'the next day’s digest');
    assert.deepEqual(second.sentAt, ['2026-06-11T06:00:00.000Z']);
  });

  it('after downtime over the send time: caught up once within DIGEST_CATCHUP_HOURS', async () => {
    time = SimulatedTime.install(Date.parse('2026-06-10T11:59:00Z')); // 13:59 in Berlin: 5 h 59 min late
    const r = await boot();
    await seedSubscription(r, { lastSentDate: '2026-06-09' });
    r.scheduler.start();
    await time.advance(6 * HOUR);
    assert.deepEqual(r.sentAt, ['2026-06-10T11:59:00.000Z'], 'sent late, once');
    assert.equal(r.rig.subscriptions.get(`user:${MIA.id}`)?.lastSentDate, '2026-06-10');
    const line = r.logs.find((l) => l.msg === 'digest run');
    assert.equal(line?.lateMinutes, 359);
    await time.runUntil(() => r.sentAt.length >= 2, 24 * HOUR, 'the next day’s digest');
    assert.equal(r.sentAt[1], '2026-06-11T06:00:00.000Z');
  });

  it('after downtime beyond the window: that day is skipped (logged once); the next day comes as usual', async () => {
    time = SimulatedTime.install(Date.parse('2026-06-10T12:00:00Z')); // 14:00 in Berlin: exactly 6 h late
    const r = await boot();
    await seedSubscription(r, { lastSentDate: '2026-06-09' });
    r.scheduler.start();
    await time.advance(HOUR);
    await r.scheduler.runDue();
    await time.settle();
    assert.deepEqual(r.sentAt, []);
    assert.equal(r.logs.filter((l) => String(l.msg).startsWith('digest skipped')).length, 1);
    await time.runUntil(() => r.sentAt.length >= 1, 24 * HOUR, 'the next day’s digest');
    assert.deepEqual(r.sentAt, ['2026-06-11T06:00:00.000Z']);
  });

  it('subscribing, changing and unsubscribing take effect without a restart; a late subscription is not a missed digest', async () => {
    time = SimulatedTime.install(Date.parse('2026-06-10T05:00:00Z')); // 07:00 in Berlin
    const r = await boot();
    r.scheduler.start();
    assert.deepEqual(r.scheduler.plannedTimes(), []);
    await r.rig.service.subscribe(who(MIA), { kind: 'personal' }, { time: '07:30', timeZone: BERLIN });
    assert.deepEqual(r.scheduler.plannedTimes(), ['07:30 Europe/Berlin']);
    await time.advance(HOUR);
    assert.deepEqual(r.sentAt, ['2026-06-10T05:30:00.000Z']);

    // 08:00 now; moving to 07:00 tomorrow must not send a second digest today.
    await r.rig.service.subscribe(who(MIA), { kind: 'personal' }, { time: '07:00', timeZone: BERLIN });
    assert.deepEqual(r.scheduler.plannedTimes(), ['07:00 Europe/Berlin']);
    await time.advance(24 * HOUR);
    assert.deepEqual(r.sentAt, ['2026-06-10T05:30:00.000Z', '2026-06-11T05:00:00.000Z']);

    await r.rig.service.unsubscribe(who(MIA), { kind: 'personal' });
    assert.deepEqual(r.scheduler.plannedTimes(), []);
    await time.advance(24 * HOUR);
    assert.equal(r.sentAt.length, 2);
  });

  it('a failed build is retried within the window', async () => {
    time = SimulatedTime.install(Date.parse('2026-06-10T05:59:00Z'));
    const r = await boot();
    await r.rig.service.subscribe(who(MIA), { kind: 'personal' }, { timeZone: BERLIN });
    const read = r.rig.store.listChangedSince.bind(r.rig.store);
    let failures = 1;
    r.rig.store.listChangedSince = async (since, cursor) => {
      if (failures-- > 0) throw new Error('backend unavailable');
      return read(since, cursor);
    };
    r.scheduler.start();
    await time.advance(3 * MIN);
    assert.deepEqual(r.sentAt, []);
    assert.ok(r.logs.some((l) => l.msg === 'digest failed; will retry'));
    await time.advance(5 * MIN);
    assert.deepEqual(r.sentAt, ['2026-06-10T06:05:00.000Z']);
  });
});

describe('digest due rule (pure, croner calendar)', () => {
  const sub = (fields: Partial<DigestSubscription>): DigestSubscription => ({
    id: 'user:x',
    target: { kind: 'user', userId: 'x' },
    time: '08:00',
    timeZone: BERLIN,
    since: '2026-01-01T00:00:00Z',
    createdBy: { id: 'x' },
    ...fields,
  });
  const at = (iso: string) => new Date(iso);

  it('the latest occurrence includes one exactly at now, and knows both DST days', () => {
    assert.equal(
      latestOccurrence('08:00', BERLIN, at('2026-03-29T06:00:00Z'))?.toISOString(),
      '2026-03-29T06:00:00.000Z',
    );
    assert.equal(
      latestOccurrence('08:00', BERLIN, at('2026-03-29T05:59:59Z'))?.toISOString(),
      '2026-03-28T07:00:00.000Z',
    );
    // 02:30 does not exist on 29 March in Berlin: it runs at the end of the gap (03:00 CEST = 01:00Z).
    assert.equal(
      latestOccurrence('02:30', BERLIN, at('2026-03-29T12:00:00Z'))?.toISOString(),
      '2026-03-29T01:00:00.000Z',
    );
    // 02:30 exists twice on 25 October: the first one counts.
    assert.equal(
      latestOccurrence('02:30', BERLIN, at('2026-10-25T12:00:00Z'))?.toISOString(),
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('sends what was missed by less than the window, skips older misses, never before the subscription existed', () => {
    const now = at('2026-06-10T09:00:00Z'); // 11:00 in Berlin, 3 h after 08:00
    assert.deepEqual(dueDigest(sub({}), now, 6 * HOUR), {
      kind: 'send',
      localDate: '2026-06-10',
      scheduledAt: at('2026-06-10T06:00:00Z'),
      lateMs: 3 * HOUR,
    });
    assert.equal(dueDigest(sub({}), now, 2 * HOUR)?.kind, 'missed');
    assert.equal(dueDigest(sub({}), now, 3 * HOUR)?.kind, 'missed', 'missed by exactly the window: too late');
    assert.equal(dueDigest(sub({ lastSentDate: '2026-06-10' }), now, 6 * HOUR), undefined);
    assert.equal(dueDigest(sub({ since: '2026-06-10T07:00:00Z' }), now, 6 * HOUR), undefined, 'subscribed after 08:00');
    assert.equal(dueDigest(sub({}), at('2026-06-10T06:00:30Z'), 0)?.kind, 'send', 'on time even with no catch-up');
  });
});
