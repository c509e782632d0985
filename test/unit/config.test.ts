import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig, redactedConfig } from '../../src/config.js';
import { configError, problemKeys } from '../support/config-problems.js';

const APP_ID = '0b5f4c3e-1a2b-4c3d-8e9f-0123456789ab';
const TENANT = '11111111-2222-4333-8444-555555555555';
const SECRET = 'Sup3r~Secret.Value_Do-Not-Print';
const SHARE_SECRET = 'share-link-secret-of-at-least-32-characters';

/** The keys the problems start with. */
const keysOf = (e: ConfigError) => problemKeys(e.problems);

describe('loadConfig', () => {
  it('an empty environment gives the documented defaults and local mode', () => {
    const c = loadConfig({});
    assert.equal(c.ALERT_BACKEND, 'local');
    assert.equal(c.DATA_DIR, './data');
    assert.equal(c.PORT, 3978);
    assert.equal(c.LOG_LEVEL, 'info');
    assert.equal(c.MicrosoftAppType, 'SingleTenant');
    assert.equal(c.POLL_INTERVAL_SECONDS, 30);
    assert.equal(c.DEMO_ALERT_INTERVAL_SECONDS, 0);
    assert.equal(c.TEAMS_TENANT_RATE_PER_SECOND, 50);
    assert.equal(c.OUTBOX_MAX_AGE_HOURS, 24);
    assert.equal(c.MicrosoftAppId, undefined);
    assert.equal(c.MicrosoftAppPassword, undefined);
    assert.equal(c.ALLOWED_TENANT_IDS, undefined);
    assert.equal(c.PUBLIC_BASE_URL, undefined);
    assert.equal(c.localMode, true);
  });

  it('empty and blank values count as not set', () => {
    const c = loadConfig({ PORT: '', LOG_LEVEL: '   ', MicrosoftAppId: '', ALLOWED_TENANT_IDS: ' ' });
    assert.equal(c.PORT, 3978);
    assert.equal(c.LOG_LEVEL, 'info');
    assert.equal(c.localMode, true);
    assert.equal(c.ALLOWED_TENANT_IDS, undefined);
  });

  it('parses numbers and tenant lists (trimmed, lower-cased)', () => {
    const c = loadConfig({
      PORT: '8080',
      POLL_INTERVAL_SECONDS: '5',
      ALLOWED_TENANT_IDS: ` ${TENANT.toUpperCase()} , ${APP_ID},`,
    });
    assert.equal(c.PORT, 8080);
    assert.equal(c.POLL_INTERVAL_SECONDS, 5);
    assert.deepEqual(c.ALLOWED_TENANT_IDS, [TENANT, APP_ID]);
  });

  it('names every bad key at once, each with the value it got', () => {
    const e = configError({
      PORT: 'eighty',
      ALERT_BACKEND: 'mainframe',
      ALLOWED_TENANT_IDS: 'contoso.onmicrosoft.com',
      LOG_LEVEL: 'loud',
    });
    assert.deepEqual(keysOf(e), ['ALERT_BACKEND', 'ALLOWED_TENANT_IDS', 'LOG_LEVEL', 'PORT']);
    assert.match(e.message, /^Invalid configuration:\n/);
    assert.match(e.message, /PORT .*\(got "eighty"\)/);
    assert.match(e.message, /ALERT_BACKEND must be 'local' or 'graph'.*\(got "mainframe"\)/);
    assert.match(
      e.message,
      /ALLOWED_TENANT_IDS must be a comma-separated list of tenant GUIDs \(got "contoso.onmicrosoft.com"\)/,
    );
    assert.equal(e.name, 'ConfigError');
  });

  it('range checks name the key: PORT above 65535, POLL_INTERVAL_SECONDS 0', () => {
    const e = configError({ PORT: '70000', POLL_INTERVAL_SECONDS: '0' });
    assert.deepEqual(keysOf(e), ['POLL_INTERVAL_SECONDS', 'PORT']);
    assert.match(e.message, /\(got "70000"\)/);
  });

  it('MicrosoftAppId without password or tenant (SingleTenant) names both missing keys', () => {
    const e = configError({ MicrosoftAppId: APP_ID, SHARE_LINK_SECRET: SHARE_SECRET });
    assert.deepEqual(keysOf(e), ['MicrosoftAppPassword', 'MicrosoftAppTenantId']);
    assert.match(e.message, /MicrosoftAppTenantId is required when MicrosoftAppType is SingleTenant/);
    assert.match(e.message, /MicrosoftAppPassword is required when MicrosoftAppId is set/);
  });

  it('MultiTenant needs a password but no tenant', () => {
    assert.deepEqual(
      keysOf(configError({ MicrosoftAppId: APP_ID, SHARE_LINK_SECRET: SHARE_SECRET, MicrosoftAppType: 'MultiTenant' })),
      ['MicrosoftAppPassword'],
    );
    const c = loadConfig({
      MicrosoftAppId: APP_ID,
      SHARE_LINK_SECRET: SHARE_SECRET,
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppPassword: SECRET,
    });
    assert.equal(c.localMode, false);
  });

  it('a complete SingleTenant registration leaves local mode', () => {
    const c = loadConfig({
      MicrosoftAppId: APP_ID,
      SHARE_LINK_SECRET: SHARE_SECRET,
      MicrosoftAppPassword: SECRET,
      MicrosoftAppTenantId: TENANT,
    });
    assert.equal(c.localMode, false);
    assert.equal(c.MicrosoftAppId, APP_ID);
    assert.equal(c.MicrosoftAppPassword, SECRET);
  });

  it('a bad MicrosoftAppPassword is named but its value is never echoed', () => {
    const e = configError({
      MicrosoftAppId: APP_ID,
      SHARE_LINK_SECRET: SHARE_SECRET,
      MicrosoftAppTenantId: TENANT,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppPassword: SECRET,
    });
    assert.deepEqual(keysOf(e), ['MicrosoftAppPassword']);
    assert.match(e.message, /MicrosoftAppPassword must be empty for UserAssignedMSI/);
    assert.ok(!e.message.includes(SECRET), e.message);
    assert.ok(!e.problems.some((p) => p.includes(SECRET)));
    assert.ok(!JSON.stringify(e).includes(SECRET), 'not in any enumerable field either');
    assert.ok(!String(e.stack).includes(SECRET));
  });

  it('the password is not echoed when other keys are bad either', () => {
    const e = configError({ PORT: 'x', MicrosoftAppId: 'not-a-guid', MicrosoftAppPassword: SECRET });
    assert.ok(e.problems.length >= 2);
    assert.ok(!e.message.includes(SECRET), e.message);
  });

  // BUG (src/config.ts): the cross-field checks live in `.superRefine`, which zod skips while any field
  // has an issue, so a bad PORT hides the missing MicrosoftAppTenantId/MicrosoftAppPassword until the
  // next start — against the documented "names every bad or missing key at once".
  it('a bad field and a missing app credential are named in the same error', () => {
    const e = configError({ PORT: 'eighty', MicrosoftAppId: APP_ID, SHARE_LINK_SECRET: SHARE_SECRET });
    assert.deepEqual(keysOf(e), ['MicrosoftAppPassword', 'MicrosoftAppTenantId', 'PORT']);
  });

  it('the config is frozen', () => {
    const c = loadConfig({});
    assert.ok(Object.isFrozen(c));
    assert.throws(() => {
      (c as { PORT: number }).PORT = 1;
    }, TypeError);
  });
});

describe('redactedConfig', () => {
  it('masks the secret and keeps everything else', () => {
    const c = loadConfig({
      MicrosoftAppId: APP_ID,
      SHARE_LINK_SECRET: SHARE_SECRET,
      MicrosoftAppPassword: SECRET,
      MicrosoftAppTenantId: TENANT,
      PORT: '4000',
    });
    const r = redactedConfig(c);
    assert.equal(r.MicrosoftAppPassword, '***');
    assert.ok(!JSON.stringify(r).includes(SECRET));
    assert.equal(r.MicrosoftAppId, APP_ID);
    assert.equal(r.PORT, 4000);
    assert.equal(r.localMode, false);
    assert.equal(c.MicrosoftAppPassword, SECRET, 'the config itself is untouched');
  });

  it('says "not set" (undefined) when there is no secret', () => {
    assert.equal(redactedConfig(loadConfig({})).MicrosoftAppPassword, undefined);
  });
});

describe('loadConfig: share links', () => {
  it('requires SHARE_LINK_SECRET (32+ characters) once the bot is authenticated, and never echoes it', () => {
    const env = {
      MicrosoftAppId: '00000000-0000-4000-8000-000000000abc',
      MicrosoftAppPassword: 'pw',
      MicrosoftAppTenantId: '11111111-2222-4333-8444-555555555555',
    };
    assert.throws(() => loadConfig(env), /SHARE_LINK_SECRET is required/);
    assert.throws(
      () => loadConfig({ ...env, SHARE_LINK_SECRET: 'too-short-secret' }),
      (e: Error) => /SHARE_LINK_SECRET must be at least 32/.test(e.message) && !e.message.includes('too-short-secret'),
    );
    assert.equal(loadConfig({}).SHARE_LINK_SECRET, undefined, 'optional in local mode');
  });
});
