import { strict as assert } from 'node:assert';
import { loadConfig, redactedConfig } from '../../src/config.js';
import { configProblems, problemKeys } from '../support/config-problems.js';

const TENANT = '11111111-2222-4333-8444-555555555555';
const CLIENT = '0c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const SECRET = 'Gr4ph~Client.Secret_Do-Not-Print';
const graph = {
  ALERT_BACKEND: 'graph',
  ACCESS_POLICY_FILE: './policy.json',
  AZURE_TENANT_ID: TENANT,
  AZURE_CLIENT_ID: CLIENT,
};

describe('loadConfig: the Graph backend', () => {
  it('defaults: public cloud endpoints, instance discovery on, no managed identity', () => {
    const c = loadConfig({});
    assert.equal(c.GRAPH_ENDPOINT, 'https://graph.microsoft.com');
    assert.equal(c.MDE_API_ENDPOINT, 'https://api.securitycenter.microsoft.com');
    assert.equal(c.AZURE_AUTHORITY_HOST, undefined);
    assert.equal(c.AZURE_DISABLE_INSTANCE_DISCOVERY, false);
    assert.equal(c.AZURE_USE_MANAGED_IDENTITY, false);
  });

  it('a complete client-secret setup for a sovereign cloud: endpoints trimmed to their origin, booleans parsed', () => {
    const c = loadConfig({
      ...graph,
      AZURE_CLIENT_SECRET: SECRET,
      GRAPH_ENDPOINT: 'https://graph.microsoft.us/',
      AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
      MDE_API_ENDPOINT: 'https://api-gcc.securitycenter.microsoft.us',
      AZURE_DISABLE_INSTANCE_DISCOVERY: 'TRUE',
    });
    assert.equal(c.ALERT_BACKEND, 'graph');
    assert.equal(c.GRAPH_ENDPOINT, 'https://graph.microsoft.us');
    assert.equal(c.AZURE_DISABLE_INSTANCE_DISCOVERY, true);
    assert.equal(redactedConfig(c).AZURE_CLIENT_SECRET, '***');
    assert.ok(!JSON.stringify(redactedConfig(c)).includes(SECRET));
  });

  it('graph without anything names every missing key at once, with the other bad keys', () => {
    const ps = configProblems({ ALERT_BACKEND: 'graph', PORT: 'x' });
    assert.deepEqual(problemKeys(ps), [
      'ACCESS_POLICY_FILE',
      'AZURE_CLIENT_ID',
      'AZURE_CLIENT_SECRET',
      'AZURE_TENANT_ID',
      'PORT',
    ]);
    assert.match(ps.join('\n'), /ACCESS_POLICY_FILE is required with ALERT_BACKEND=graph/);
    assert.match(
      ps.join('\n'),
      /AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH, AZURE_USE_MANAGED_IDENTITY=true or AZURE_FEDERATED_TOKEN_FILE is required/,
    );
  });

  it('exactly one credential: two are a conflict naming both, and the secret is never echoed', () => {
    const ps = configProblems({
      ...graph,
      AZURE_CLIENT_SECRET: SECRET,
      AZURE_CLIENT_CERTIFICATE_PATH: '/etc/dlp/app.pem',
    });
    assert.deepEqual(problemKeys(ps), ['AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_CLIENT_SECRET']);
    assert.ok(!ps.join('\n').includes(SECRET));
  });

  it('each credential kind alone is enough; managed identity needs no tenant or client id', () => {
    loadConfig({
      ...graph,
      AZURE_CLIENT_CERTIFICATE_PATH: '/etc/dlp/app.pem',
      AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw',
    });
    loadConfig({ ...graph, AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token' });
    const mi = loadConfig({
      ALERT_BACKEND: 'graph',
      ACCESS_POLICY_FILE: './p.json',
      AZURE_USE_MANAGED_IDENTITY: 'yes',
      AZURE_MANAGED_IDENTITY_CLIENT_ID: CLIENT,
    });
    assert.equal(mi.AZURE_USE_MANAGED_IDENTITY, true);
  });

  it('rejects http endpoints, endpoints with a path, a password without a certificate, a managed identity id without managed identity', () => {
    const ps = configProblems({
      GRAPH_ENDPOINT: 'http://graph.microsoft.com',
      MDE_API_ENDPOINT: 'https://api.securitycenter.microsoft.com/api',
      AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw',
      AZURE_MANAGED_IDENTITY_CLIENT_ID: CLIENT,
      AZURE_DISABLE_INSTANCE_DISCOVERY: 'maybe',
    });
    assert.deepEqual(problemKeys(ps), [
      'AZURE_CLIENT_CERTIFICATE_PASSWORD',
      'AZURE_DISABLE_INSTANCE_DISCOVERY',
      'AZURE_MANAGED_IDENTITY_CLIENT_ID',
      'GRAPH_ENDPOINT',
      'MDE_API_ENDPOINT',
    ]);
    assert.ok(!ps.join('\n').includes('"pw"'), 'the certificate password is a secret too');
  });
});
