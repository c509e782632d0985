import { strict as assert } from 'node:assert';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import type { Alert } from '../../../../src/triage/alert.js';
import { IncidentService } from '../../../../src/triage/incidents/incident-service.js';
import { TriageError } from '../../../../src/triage/triage-error.js';
import { MemoryAudit, alertAged } from '../../../support/digest-fixtures.js';
import { AVERY, EMMA, SAM, VIC, subjectIn } from '../../../support/digest-service-fixture.js';
import { demoPolicy, who } from '../../../support/demo-access.js';
import { MemoryIncidentStore, incidentWith } from '../../../support/memory-incident-store.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');

const rejectsWith = (code: string, pattern?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof TriageError, String(e));
  assert.equal(e.code, code, e.userMessage);
  if (pattern) assert.match(e.userMessage, pattern);
  return true;
};

describe('IncidentService (domain, state-based fakes)', () => {
  let alerts: Alert[];
  let store: MemoryIncidentStore;
  let audit: MemoryAudit;
  let redrawn: string[][];
  let service: IncidentService;

  beforeEach(() => {
    const tenant = buildSeedTenant(new Date('2026-01-01T00:00:00Z'));
    const directory = new LocalDirectory(() => tenant);
    alerts = [
      alertAged(NOW, 3_600_000, { subject: subjectIn('emea'), incidentId: 'emea-only' }),
      alertAged(NOW, 3_500_000, { subject: subjectIn('emea'), incidentId: 'mixed', title: 'Seen by EMEA' }),
      alertAged(NOW, 3_400_000, { subject: subjectIn('apac'), incidentId: 'mixed', title: 'Secret APAC alert' }),
    ];
    store = new MemoryIncidentStore(
      () => alerts,
      NOW,
      incidentWith('emea-only'),
      incidentWith('mixed'),
      incidentWith('empty'),
    );
    audit = new MemoryAudit();
    redrawn = [];
    const access = new AccessService(directory, demoPolicy, audit);
    const notifier = { incidentChanged: async (list: readonly Alert[]) => void redrawn.push(list.map((a) => a.id)) };
    service = new IncidentService({ incidents: store, directory, access, audit, notifier });
  });

  it('show: lists only the alerts the requester may see; an incident with none of theirs is not found', async () => {
    const shown = await service.show(who(EMMA), 'mixed');
    assert.deepEqual(
      shown.alerts.map((a) => a.title),
      ['Seen by EMEA'],
    );
    assert.equal((await service.show(who(SAM), 'mixed')).alerts.length, 2);
    await assert.rejects(service.show(who(EMMA), 'empty'), rejectsWith('not-found', /incident does not exist/));
    await assert.rejects(service.show(who(EMMA), 'nope'), rejectsWith('not-found', /incident does not exist/));
  });

  it('a change needs the permission on EVERY alert: refused, audited once, nothing written, nothing out of scope named', async () => {
    await assert.rejects(
      service.tag(who(EMMA), { incidentId: 'mixed', tag: 'VIP', op: 'add' }),
      rejectsWith('forbidden', /^To change this incident you need the analyst role for every one of its alerts/),
    );
    assert.deepEqual(store.incidents.get('mixed')!.customTags, []);
    const denied = audit.records.filter((r) => r.outcome === 'denied');
    assert.deepEqual(
      denied.map((r) => [r.action, r.details]),
      [['incident.tag', { incidentId: 'mixed' }]],
    );
    assert.doesNotMatch(JSON.stringify(denied), /APAC|Secret/);
    await assert.rejects(service.comment(who(VIC), { incidentId: 'emea-only', text: 'hi' }), rejectsWith('forbidden'));
  });

  it('tag: trimmed, bounded, no duplicates (case-insensitive), removable; every card of the incident is redrawn', async () => {
    const added = await service.tag(who(SAM), { incidentId: 'mixed', tag: '  VIP ', op: 'add' });
    assert.equal(added.changed, true);
    assert.deepEqual(added.incident.customTags, ['VIP']);
    assert.deepEqual(redrawn, [
      alerts
        .filter((a) => a.incidentId === 'mixed')
        .map((a) => a.id)
        .reverse(),
    ]);
    const again = await service.tag(who(SAM), { incidentId: 'mixed', tag: 'vip', op: 'add' });
    assert.equal(again.changed, false);
    await assert.rejects(
      service.tag(who(SAM), { incidentId: 'mixed', tag: 'x'.repeat(51), op: 'add' }),
      rejectsWith('invalid'),
    );
    await assert.rejects(service.tag(who(SAM), { incidentId: 'mixed', tag: '<b>', op: 'add' }), rejectsWith('invalid'));
    const removed = await service.tag(who(SAM), { incidentId: 'mixed', tag: 'Vip', op: 'remove' });
    assert.deepEqual(removed.incident.customTags, []);
    assert.deepEqual(
      audit.records.filter((r) => r.outcome === 'success').map((r) => [r.action, r.actor, r.details]),
      [
        ['incident.tag', { id: SAM.id, name: SAM.displayName }, { incidentId: 'mixed', op: 'add', tag: 'VIP' }],
        ['incident.tag', { id: SAM.id, name: SAM.displayName }, { incidentId: 'mixed', op: 'remove', tag: 'Vip' }],
      ],
    );
  });

  it('a click on an older incident card is stale: nothing written', async () => {
    const old = store.incidents.get('emea-only')!.lastUpdatedAt;
    await service.comment(who(EMMA), { incidentId: 'emea-only', text: 'looking' });
    await assert.rejects(
      service.setStatus(who(EMMA), { incidentId: 'emea-only', version: old, status: 'inProgress' }),
      rejectsWith('stale'),
    );
    assert.equal(store.incidents.get('emea-only')!.status, 'active');
  });

  it('setStatus: resolving needs a comment; classify checks the determination; assign needs an assignee able to work every alert', async () => {
    await assert.rejects(
      service.setStatus(who(SAM), { incidentId: 'mixed', status: 'resolved' }),
      rejectsWith('invalid'),
    );
    const resolved = await service.setStatus(who(SAM), {
      incidentId: 'mixed',
      status: 'resolved',
      comment: 'test data',
    });
    assert.equal(resolved.incident.status, 'resolved');
    await assert.rejects(
      service.classify(who(SAM), {
        incidentId: 'mixed',
        classification: 'truePositive',
        determination: 'notMalicious',
      }),
      rejectsWith('invalid'),
    );
    const classified = await service.classify(who(SAM), {
      incidentId: 'mixed',
      classification: 'truePositive',
      determination: 'maliciousUserActivity',
    });
    assert.deepEqual(
      [classified.incident.classification, classified.incident.determination],
      ['truePositive', 'maliciousUserActivity'],
    );
    await assert.rejects(
      service.assign(who(SAM), { incidentId: 'mixed', assignee: EMMA.id }),
      rejectsWith('invalid', /cannot work on every alert/),
    );
    const assigned = await service.assign(who(AVERY), { incidentId: 'mixed', assignee: SAM.id });
    assert.equal(assigned.incident.assignedTo, SAM.userPrincipalName);
    assert.match(assigned.incident.comments.at(-1)!.text, /^Avery .* \(via Teams\): assigned the incident to /);
  });
});
