import { strict as assert } from 'node:assert';
import { loadConfig } from '../../../src/config.js';
import { botAuthentication } from '../../../src/http/bot-authentication.js';
import { edgeSettings } from '../../../src/http/edge-settings.js';
import { configProblems } from '../../support/config-problems.js';

const AUTHENTICATED = {
  MicrosoftAppId: '0b5f4c3e-1a2b-4c3d-8e9f-0123456789ab',
  MicrosoftAppPassword: 'secret',
  MicrosoftAppTenantId: '11111111-2222-4333-8444-555555555555',
  SHARE_LINK_SECRET: 'share-link-secret-of-at-least-32-characters',
};

describe('config of the HTTP edge', () => {
  it('has production defaults for timeouts, connection caps and share throttling', () => {
    assert.deepEqual(edgeSettings(loadConfig({})), {
      authRequired: false,
      connections: {
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        maxConnections: 1000,
        maxConnectionsPerClient: 100,
      },
    });
    assert.equal(edgeSettings(loadConfig(AUTHENTICATED)).authRequired, true);
  });

  it('refuses a headers timeout longer than the request timeout, and out-of-range values', () => {
    assert.deepEqual(configProblems({ HTTP_HEADERS_TIMEOUT_SECONDS: '20', HTTP_REQUEST_TIMEOUT_SECONDS: '10' }), [
      'HTTP_REQUEST_TIMEOUT_SECONDS must be at least HTTP_HEADERS_TIMEOUT_SECONDS (got "10")',
    ]);
    const problems = configProblems({
      HTTP_MAX_CONNECTIONS_PER_CLIENT: '0',
      SHARE_RATE_LIMIT_PER_MINUTE: 'lots',
      HTTP_HEADERS_TIMEOUT_SECONDS: '0',
    });
    for (const key of [
      'HTTP_MAX_CONNECTIONS_PER_CLIENT',
      'SHARE_RATE_LIMIT_PER_MINUTE',
      'HTTP_HEADERS_TIMEOUT_SECONDS',
    ])
      assert.ok(
        problems.some((p) => p.startsWith(key)),
        key,
      );
  });

  it('BotOpenIdMetadata is an https URL, plain http only on a loopback host', () => {
    assert.equal(
      loadConfig({ BotOpenIdMetadata: 'https://login.botframework.com/v1/.well-known/openidconfiguration' })
        .BotOpenIdMetadata,
      'https://login.botframework.com/v1/.well-known/openidconfiguration',
    );
    assert.equal(loadConfig({ BotOpenIdMetadata: 'http://127.0.0.1:9/x' }).BotOpenIdMetadata, 'http://127.0.0.1:9/x');
    assert.equal(loadConfig({ BotOpenIdMetadata: '' }).BotOpenIdMetadata, undefined);
    for (const bad of ['http://login.example.com/x', 'ftp://127.0.0.1/x', 'login.botframework.com']) {
      assert.ok(
        configProblems({ BotOpenIdMetadata: bad }).some((p) => p.startsWith('BotOpenIdMetadata must be an https URL')),
        bad,
      );
    }
  });

  it('with BotOpenIdMetadata only the channel key metadata moves: every other Bot Framework endpoint stays the default', () => {
    type Inner = Record<string, unknown>;
    const innerOf = (env: NodeJS.ProcessEnv) =>
      (botAuthentication(loadConfig(env)) as unknown as { inner: Inner }).inner;
    const plain = innerOf(AUTHENTICATED);
    const moved = innerOf({ ...AUTHENTICATED, BotOpenIdMetadata: 'https://keys.example.com/openid' });
    assert.equal(moved.toBotFromChannelOpenIdMetadataUrl, 'https://keys.example.com/openid');
    const endpoints = (inner: Inner) =>
      Object.fromEntries(
        Object.entries(inner).filter(([k, v]) => typeof v !== 'object' && k !== 'toBotFromChannelOpenIdMetadataUrl'),
      );
    assert.ok(Object.keys(endpoints(plain)).length >= 6, JSON.stringify(endpoints(plain)));
    assert.deepEqual(endpoints(moved), endpoints(plain));
  });
});
