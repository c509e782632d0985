import { strict as assert } from 'node:assert';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { PERSONAS } from '../../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import { PERMISSIONS } from '../../../../src/triage/access/permissions.js';
import type { Alert } from '../../../../src/triage/alert.js';
import type { Directory } from '../../../../src/triage/ports.js';
import { demoPolicy } from '../../../support/demo-access.js';
import { SeedAlerts } from '../../../support/seed-tenant.js';

const seed = new SeedAlerts(new Date('2026-03-10T12:00:00.000Z'));
const audit = { append: async () => undefined, forAlert: async () => [] };
const alerts: Alert[] = [seed.in('EMEA'), seed.in('APAC'), seed.in(null), { ...seed.in('EMEA'), subject: undefined }];
const ids = [...PERSONAS.map((p) => p.id), 'not-in-the-directory'];

describe('AccessService.whoCan', () => {
  const access = new AccessService(new LocalDirectory(() => seed.tenant), demoPolicy, audit);

  it('answers, for several people at once, what can() answers for each of them', async () => {
    let allowed = 0;
    for (const alert of alerts) {
      for (const permission of PERMISSIONS) {
        const each = await Promise.all(ids.map((id) => access.can(id, permission, alert)));
        assert.deepEqual(await access.whoCan(ids, permission, alert), each, `${permission} on ${alert.id}`);
        allowed += each.filter(Boolean).length;
      }
    }
    assert.ok(allowed > 50, 'the table has both answers');
    assert.deepEqual(await access.whoCan([], 'alert.view', alerts[0]!), []);
  });

  it('fails closed when the directory cannot say where the alert is or who someone is', async () => {
    const down: Directory = {
      groupsOf: async () => Promise.reject(new Error('timeout')),
      administrativeUnitsOf: async () => Promise.reject(new Error('timeout')),
      getUser: async () => undefined,
      listAdministrativeUnits: async () => [],
    };
    const failing = new AccessService(down, demoPolicy, audit);
    await assert.rejects(
      failing.whoCan(ids, 'alert.classify', alerts[0]!),
      (e: { code?: string }) => e.code === 'unavailable',
    );
  });
});
