import { strict as assert } from 'node:assert';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { graphAlertSchema } from '../../../../src/backends/alerts-v2/alerts-v2-schema.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';

const NOW = new Date('2026-11-23T17:10:00Z');

describe('local seed: Defender for Cloud alerts', () => {
  const tenant = buildSeedTenant(NOW);
  const cloud = (tenant.alerts as Record<string, any>[]).filter((a) => a.serviceSource === 'microsoftDefenderForCloud');

  it('a few alerts in the alerts_v2 shape, before the correlated Defender for Endpoint alert, which stays last', () => {
    assert.equal(cloud.length, 3);
    assert.equal((tenant.alerts.at(-1) as Record<string, any>).serviceSource, 'microsoftDefenderForEndpoint');
    for (const raw of cloud) {
      assert.ok(graphAlertSchema.safeParse(raw).success, raw.id);
      assert.equal(raw.productName, 'Microsoft Defender for Cloud');
      assert.ok(Date.parse(raw.createdDateTime) < NOW.getTime());
    }
  });

  it('each names its Azure resource, tactic, techniques and recommended actions, which the mapper reads', () => {
    for (const raw of cloud) {
      const threat = mapGraphAlert(raw).threat!;
      assert.equal(threat.resources.length, 1, raw.title);
      assert.match(
        threat.resources[0]!.id,
        /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[\w-]+\/providers\/Microsoft\./,
      );
      assert.equal(threat.resources[0]!.provider, 'azure');
      assert.ok(threat.tactics.length === 1 && threat.techniques.length >= 1 && threat.recommendedActions);
    }
  });

  it('each is alone in an incident of its own, which the incidents table holds', () => {
    const incidents = new Map(tenant.incidents!.map((i) => [i.id, i]));
    for (const raw of cloud) {
      assert.equal(tenant.alerts.filter((a: any) => a.incidentId === raw.incidentId).length, 1);
      assert.equal(incidents.get(raw.incidentId)?.displayName, raw.title);
    }
  });
});
