import { strict as assert } from 'node:assert';
import { alertMessageOf } from '../../../src/delivery/alert-message.js';
import type { Alert } from '../../../src/triage/alert.js';
import { FileDeliveryState } from '../../support/file-delivery-state.js';
import { useTempDir } from '../../support/unit-temp-dir.js';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const alert = (id: string, minutes: number): Alert => {
  const at = new Date(T0 + minutes * 60_000).toISOString();
  return {
    ...{ id, title: id, severity: 'high', status: 'new', classification: 'unknown', determination: 'unknown' },
    ...{ createdAt: at, lastUpdatedAt: at, policyName: 'PCI', workload: 'OneDrive', subject: { id: 'u1' } },
    ...{ sensitiveInfoTypes: [], comments: [] },
  };
};
const posted = (alertId: string) => ({
  alertId,
  channelId: 'general',
  tenantId: 't1',
  serviceUrl: 'https://smba.example/',
  conversationId: `general;messageid=${alertId}-root`,
  activityId: `${alertId}-root`,
  version: 'v1',
});

describe('alertMessageOf: where an alert shows in its channel', () => {
  const tmp = useTempDir('alert-message-');

  it('its own card; a storm member the storm card in the first alert’s thread (its root until posted); else nothing', async () => {
    const files = new FileDeliveryState(tmp.path);
    try {
      const cards = await files.cards();
      const storms = await files.storms({ threshold: 1, windowMs: 10 * 60_000 });
      assert.equal(storms.place(alert('a1', 0), 'general'), undefined);
      assert.equal(storms.place(alert('a2', 1), 'general')?.id, 'a1');
      assert.equal(alertMessageOf('a1', { cards, storms }), undefined, 'not posted yet');
      await cards.save(posted('a1'));
      assert.deepEqual(alertMessageOf('a1', { cards, storms }), posted('a1'));
      assert.deepEqual(alertMessageOf('a2', { cards, storms }), { ...posted('a1'), alertId: 'a2' });
      await storms.posted('a1', 'storm-card');
      assert.deepEqual(alertMessageOf('a2', { cards, storms }), {
        ...posted('a1'),
        alertId: 'a2',
        activityId: 'storm-card',
      });
      assert.equal(alertMessageOf('a3', { cards, storms }), undefined);
    } finally {
      await files.close();
    }
  });
});
