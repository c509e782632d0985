import { strict as assert } from 'node:assert';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import type { Alert } from '../../../../src/triage/alert.js';
import { IncidentContexts } from '../../../../src/triage/incidents/incident-context.js';
import { MemoryAudit, alertAged } from '../../../support/digest-fixtures.js';
import { subjectIn } from '../../../support/digest-service-fixture.js';
import { demoPolicy } from '../../../support/demo-access.js';
import { MemoryIncidentStore, incidentWith } from '../../../support/memory-incident-store.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('IncidentContexts (the incident section of alert cards)', () => {
  let alerts: Alert[];
  let store: MemoryIncidentStore;
  let reads: { get: number; alertsOf: number };
  let contexts: IncidentContexts;

  beforeEach(() => {
    const tenant = buildSeedTenant(new Date('2026-01-01T00:00:00Z'));
    const access = new AccessService(new LocalDirectory(() => tenant), demoPolicy, new MemoryAudit());
    alerts = [
      alertAged(NOW, 3_000, { subject: subjectIn('emea'), incidentId: 'i1' }),
      alertAged(NOW, 2_000, { subject: subjectIn('emea'), incidentId: 'i1', source: 'microsoftDefenderForEndpoint' }),
      alertAged(NOW, 1_000, { subject: subjectIn('apac'), incidentId: 'i1' }),
    ];
    store = new MemoryIncidentStore(() => alerts, NOW, incidentWith('i1', { customTags: ['VIP'] }));
    reads = { get: 0, alertsOf: 0 };
    const counted = {
      get: (id: string) => (reads.get++, store.get(id)),
      alertsOf: (id: string) => (reads.alertsOf++, store.alertsOf(id)),
    };
    contexts = new IncidentContexts(counted, access);
  });

  it('counts only the alerts of the same scope, names the other sources, and carries the tags', async () => {
    const emea = await contexts.of(alerts[0]!);
    assert.deepEqual(
      [emea?.alertCount, emea?.otherSources, emea?.customTags],
      [2, [{ source: 'microsoftDefenderForEndpoint', count: 1 }], ['VIP']],
    );
    const apac = await contexts.of(alerts[2]!);
    assert.deepEqual([apac?.alertCount, apac?.otherSources], [1, []]);
    assert.equal(await contexts.of({ ...alerts[0]!, incidentId: undefined }), undefined);
  });

  it('one incident read per card; the alert list again only when the incident changes or an alert joins it', async () => {
    await contexts.of(alerts[0]!);
    await contexts.of(alerts[1]!);
    await contexts.of(alerts[2]!);
    assert.deepEqual(reads, { get: 3, alertsOf: 1 });
    await store.update('i1', { customTags: ['VIP', 'Finance'] });
    assert.deepEqual((await contexts.of(alerts[0]!))?.customTags, ['VIP', 'Finance']);
    assert.equal(reads.alertsOf, 2);
    alerts.push(alertAged(NOW, 500, { subject: subjectIn('emea'), incidentId: 'i1' }));
    assert.equal((await contexts.of(alerts[3]!))?.alertCount, 3);
    assert.equal((await contexts.of(alerts[0]!))?.alertCount, 3);
    assert.equal(reads.alertsOf, 3);
  });
});
