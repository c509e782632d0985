import { strict as assert } from 'node:assert';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';

describe('graph alert mapper', () => {
  it('maps a minimal alert', () => {
    const a = mapGraphAlert({
      id: 'x',
      createdDateTime: '2026-01-01T00:00:00Z',
      lastUpdateDateTime: '2026-01-01T00:00:00Z',
      severity: 'high',
    });
    assert.equal(a.severity, 'high');
    assert.equal(a.status, 'unknown');
  });
});
