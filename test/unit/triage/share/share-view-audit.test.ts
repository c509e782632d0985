import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import type { AuditRecord } from '../../../../src/triage/ports.js';
import { ShareViewAudit, VIEWER } from '../../../../src/triage/share/share-view-audit.js';

const T0 = new Date('2026-11-23T10:00:00.000Z');

describe('ShareViewAudit: bounded audit of share-page views', () => {
  let records: AuditRecord[];
  let now: Date;
  const sink = { append: async (r: AuditRecord) => void records.push(structuredClone(r)) };
  const make = (options = { windowMs: 60_000, maxKeys: 3, viewsPerLink: 2 }) =>
    new ShareViewAudit(sink, { now: () => now }, options);

  beforeEach(() => {
    records = [];
    now = T0;
  });
  afterEach(() => sinon.restore());

  it('a refusal writes nothing until flushed; then one summary per reason and vouched link, with count and first/last time', async () => {
    const audit = make();
    for (let i = 0; i < 50; i++) audit.refused('invalid or forged token');
    now = new Date(T0.getTime() + 30_000);
    audit.refused('expired', { linkId: 'L1', alertId: 'A1' });
    audit.refused('expired', { linkId: 'L1', alertId: 'A1' });
    assert.deepEqual(records, []);
    await audit.flush();
    assert.deepEqual(records, [
      {
        actor: VIEWER,
        action: 'alert.share.view',
        outcome: 'denied',
        reason: 'invalid or forged token',
        details: { count: 50, firstAt: T0.toISOString(), lastAt: T0.toISOString(), summary: true },
      },
      {
        actor: VIEWER,
        action: 'alert.share.view',
        alertId: 'A1',
        outcome: 'denied',
        reason: 'expired',
        details: { linkId: 'L1', count: 2, firstAt: now.toISOString(), lastAt: now.toISOString(), summary: true },
      },
    ]);
    await audit.flush();
    assert.equal(records.length, 2, 'an empty window writes nothing');
  });

  it('refusals naming many links are counted per link only up to maxKeys; the rest without naming a link', async () => {
    const audit = make();
    for (let i = 0; i < 10; i++) audit.refused('revoked', { linkId: `L${i}`, alertId: `A${i}` });
    audit.refused('revoked', { linkId: 'L0', alertId: 'A0' });
    await audit.flush();
    assert.deepEqual(
      records.map((r) => [
        r.alertId,
        (r.details as { linkId?: string }).linkId,
        (r.details as { count: number }).count,
      ]),
      [
        ['A0', 'L0', 2],
        ['A1', 'L1', 1],
        ['A2', 'L2', 1],
        [undefined, undefined, 7],
      ],
    );
  });

  it('successful views are written at once with capped viewer facts, up to viewsPerLink per link per window; the rest are counted', async () => {
    const audit = make();
    const viewer = { ip: '198.51.100.7', userAgent: `Browser/${'x'.repeat(5000)}\n{"forged":true}`, cookie: 'secret' };
    for (let i = 0; i < 5; i++) await audit.viewed({ linkId: 'L1', alertId: 'A1' }, viewer);
    assert.equal(records.length, 2);
    for (const r of records) {
      assert.deepEqual(Object.keys(r.details!), ['linkId', 'ip', 'userAgent']);
      assert.equal((r.details!.userAgent as string).length, 200);
      assert.doesNotMatch(r.details!.userAgent as string, /\n/);
    }
    await audit.flush();
    assert.deepEqual(records[2], {
      actor: VIEWER,
      action: 'alert.share.view',
      alertId: 'A1',
      outcome: 'success',
      details: { linkId: 'L1', count: 3, firstAt: T0.toISOString(), lastAt: T0.toISOString(), summary: true },
    });
    await audit.viewed({ linkId: 'L1', alertId: 'A1' }, {});
    assert.equal(records.length, 4, 'a new window writes the first views again');
  });

  it('start flushes every window; stop writes what is still counted and stops the timer', async () => {
    const timers = sinon.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const audit = make();
    audit.start(() => assert.fail('no error expected'));
    audit.refused('invalid or forged token');
    await timers.tickAsync(60_000);
    assert.equal(records.length, 1);
    audit.refused('invalid or forged token');
    await audit.stop();
    assert.equal(records.length, 2);
    audit.refused('invalid or forged token');
    await timers.tickAsync(120_000);
    assert.equal(records.length, 2, 'no timer after stop');
  });
});
