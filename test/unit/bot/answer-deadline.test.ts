import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { answerWithin } from '../../../bot/answer-deadline.js';
import { createLogger } from '../../../src/logger.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import type { AccessPolicy } from '../../../src/triage/access/access-policy.js';
import type { AuditRecord, Directory } from '../../../src/triage/ports.js';
import { TriageError } from '../../../src/triage/triage-error.js';

describe('answerWithin (the invoke deadline)', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })));
  afterEach(() => clock.restore());
  const log = createLogger('silent');

  it('answers with the result when the work is done in time', async () => {
    const answer = answerWithin(Promise.resolve('done'), async () => 'late', log, {});
    assert.equal(await answer, 'done');
  });

  it('answers with the late reply after the deadline, and the work still finishes', async () => {
    let finish!: (v: string) => void;
    const work = new Promise<string>((resolve) => (finish = resolve));
    const answer = answerWithin(work, async () => 'working on it', log, {}, 1500);
    await clock.tickAsync(1499);
    let settled = false;
    void answer.then(() => (settled = true));
    await Promise.resolve();
    assert.equal(settled, false, 'not answered before the deadline');
    await clock.tickAsync(1);
    assert.equal(await answer, 'working on it');
    finish('done later');
    assert.equal(await work, 'done later');
  });

  it('passes a failure within the deadline on to the caller', async () => {
    await assert.rejects(
      answerWithin(Promise.reject(new TriageError('invalid', 'nope')), async () => 'late', log, {}),
      /nope/,
    );
  });
});

describe('AccessService: failing closed is audited', () => {
  it('a directory that cannot answer refuses with "unavailable" and records the refusal', async () => {
    const records: AuditRecord[] = [];
    const broken: Directory = {
      groupsOf: () => Promise.reject(new Error('503 Service Unavailable')),
      administrativeUnitsOf: () => Promise.reject(new Error('503')),
      getUser: () => Promise.reject(new Error('503')),
      listAdministrativeUnits: () => Promise.reject(new Error('503')),
    };
    const policy: AccessPolicy = {
      grants: [{ principal: { kind: 'user', id: 'u1' }, roles: ['admin'], scope: { kind: 'unrestricted' } }],
    };
    const access = new AccessService(broken, () => policy, {
      append: async (r) => void records.push(r),
      forAlert: async () => [],
    });
    await assert.rejects(
      access.authorize({ id: 'u1', name: 'Uma' }, 'channel.manage'),
      (e: TriageError) => e.code === 'unavailable' && /cannot verify your access/.test(e.userMessage),
    );
    assert.equal(records.length, 1);
    assert.deepEqual(
      { ...records[0], reason: undefined },
      {
        actor: { id: 'u1', name: 'Uma' },
        action: 'channel.manage',
        alertId: undefined,
        outcome: 'denied',
        reason: undefined,
      },
    );
    assert.match(records[0]!.reason!, /cannot verify your access/);
  });
});
