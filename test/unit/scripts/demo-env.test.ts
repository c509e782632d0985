import { strict as assert } from 'node:assert';
import { demoEnv } from '../../../scripts/demo-env.js';
import { loadConfig } from '../../../src/config.js';

describe('npm run demo: the bot environment', () => {
  it('shows the Defender for Cloud alerts of the seed besides the DLP alerts, in local mode', () => {
    const env = demoEnv({ MicrosoftAppId: '0b5f4c3e-1a2b-4c3d-8e9f-0123456789ab' }, 3978, '/tmp/demo-data');
    const config = loadConfig(env);
    assert.deepEqual(config.ALERT_SOURCES, ['dataLossPrevention', 'microsoftDefenderForCloud']);
    assert.equal(config.localMode, true);
    assert.equal(config.DATA_DIR, '/tmp/demo-data');
  });

  it('an ALERT_SOURCES of the shell wins', () => {
    assert.deepEqual(loadConfig(demoEnv({ ALERT_SOURCES: 'dataLossPrevention' }, 3978, 'd')).ALERT_SOURCES, [
      'dataLossPrevention',
    ]);
  });
});
