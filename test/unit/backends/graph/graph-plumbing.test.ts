import { strict as assert } from 'node:assert';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
} from '@azure/identity';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import { Writable } from 'node:stream';
import { createLogger } from '../../../../src/logger.js';
import { createAzureCredential, type CredentialSettings } from '../../../../src/backends/graph/azure-credential.js';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { odataDateTime } from '../../../../src/backends/graph/graph-alert-store.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import { GraphCallObserver } from '../../../../src/backends/graph/graph-call-observer.js';
import { defaultScopeOf, isSecurityApi } from '../../../../src/backends/graph/graph-client.js';
import { rolesClaim, satisfies } from '../../../../src/backends/graph/graph-startup-check.js';
import { PERMISSIONS } from '../../../../src/backends/graph/graph-permissions.js';
import { RequestPacer } from '../../../../src/backends/graph/request-pacer.js';
import {
  granteesOf,
  shareIdOf,
  verdictOf,
  type SharingPermission,
} from '../../../../src/backends/graph/sharing-permission.js';

const base: CredentialSettings = {
  AZURE_TENANT_ID: '11111111-2222-4333-8444-555555555555',
  AZURE_CLIENT_ID: '0c1e2d3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  AZURE_CLIENT_SECRET: undefined,
  AZURE_CLIENT_CERTIFICATE_PATH: undefined,
  AZURE_CLIENT_CERTIFICATE_PASSWORD: undefined,
  AZURE_USE_MANAGED_IDENTITY: false,
  AZURE_MANAGED_IDENTITY_CLIENT_ID: undefined,
  AZURE_FEDERATED_TOKEN_FILE: undefined,
  AZURE_AUTHORITY_HOST: 'https://login.microsoftonline.us',
  AZURE_DISABLE_INSTANCE_DISCOVERY: true,
};

describe('Graph plumbing', () => {
  it('picks the @azure/identity credential the configuration names', () => {
    const kind = (s: Partial<CredentialSettings>) => createAzureCredential({ ...base, ...s });
    assert.ok(kind({ AZURE_CLIENT_SECRET: 's' }).credential instanceof ClientSecretCredential);
    assert.ok(kind({ AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem' }).credential instanceof ClientCertificateCredential);
    assert.ok(kind({ AZURE_FEDERATED_TOKEN_FILE: '/token' }).credential instanceof WorkloadIdentityCredential);
    assert.ok(
      kind({ AZURE_USE_MANAGED_IDENTITY: true, AZURE_MANAGED_IDENTITY_CLIENT_ID: base.AZURE_CLIENT_ID })
        .credential instanceof ManagedIdentityCredential,
    );
    assert.deepEqual(
      ['s', 'c', 'w', 'm'].map(
        (k) =>
          kind(
            k === 's'
              ? { AZURE_CLIENT_SECRET: 's' }
              : k === 'c'
                ? { AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem' }
                : k === 'w'
                  ? { AZURE_FEDERATED_TOKEN_FILE: '/t' }
                  : { AZURE_USE_MANAGED_IDENTITY: true },
          ).kind,
      ),
      ['clientSecret', 'clientCertificate', 'workloadIdentity', 'managedIdentity'],
    );
    assert.throws(() => kind({}), /No Azure credential is configured/);
  });

  it('scopes and paced paths: <origin>/.default; only /security is paced', () => {
    assert.equal(defaultScopeOf('https://graph.microsoft.us'), 'https://graph.microsoft.us/.default');
    assert.equal(defaultScopeOf('https://127.0.0.1:4433'), 'https://127.0.0.1:4433/.default');
    assert.ok(isSecurityApi(new URL('https://graph.microsoft.com/v1.0/security/alerts_v2?$top=1')));
    assert.ok(isSecurityApi(new URL('https://graph.microsoft.com/beta/security/incidents')));
    assert.ok(!isSecurityApi(new URL('https://graph.microsoft.com/v1.0/users/x')));
  });

  it('the pacer lets `limit` calls through per window, then waits for the oldest to leave it', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new RequestPacer(
      [{ limit: 3, windowMs: 60_000 }],
      () => now,
      async (ms) => {
        waits.push(ms);
        now += ms;
      },
    );
    for (let i = 0; i < 3; i++) assert.equal(await pacer.acquire(), 0);
    now = 10_000;
    assert.equal(await pacer.acquire(), 50_000, 'the 4th call waits until the 1st is a minute old');
    assert.deepEqual(waits, [50_000]);
  });

  it('the observer paces /security calls only, and logs one line per attempt: path without query, status, request id', async () => {
    const lines: any[] = [];
    const log = createLogger(
      'debug',
      new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
    );
    const paced: string[] = [];
    const pacer = { acquire: async (key: string) => (paced.push(key), 5) } as unknown as RequestPacer;
    const observer = new GraphCallObserver(log, (url) => (isSecurityApi(url) ? pacer : undefined), 'graph');
    const answer = (status: number): Middleware => ({
      execute: async (c: Context) =>
        void (c.response = new Response(null, { status, headers: { 'request-id': `r-${status}` } })),
    });
    observer.setNext(answer(200));
    await observer.execute({
      request: "https://graph.microsoft.com/v1.0/security/alerts_v2?$filter=assignedTo eq 'a@b'",
      options: { method: 'GET', headers: { Authorization: 'Bearer SECRET-TOKEN' } },
    });
    observer.setNext(answer(403));
    await observer.execute({
      request: 'https://graph.microsoft.com/v1.0/users/x',
      options: { method: 'PATCH', headers: { 'Retry-Attempt': '2' } },
    });
    assert.deepEqual(paced, ['graph.microsoft.com']);
    assert.deepEqual(
      lines.map((l) => [
        l.level,
        l.graph.method,
        l.graph.path,
        l.graph.status,
        l.graph.requestId,
        l.graph.pacedMs,
        l.graph.attempt,
      ]),
      [
        [20, 'GET', '/v1.0/security/alerts_v2', 200, 'r-200', 5, undefined],
        [40, 'PATCH', '/v1.0/users/x', 403, 'r-403', undefined, 2],
      ],
    );
    assert.ok(!JSON.stringify(lines).includes('SECRET-TOKEN') && !JSON.stringify(lines).includes('a@b'));
  });

  it('filter literals: Graph timestamps pass unchanged; others become UTC with Z', () => {
    assert.equal(odataDateTime('2026-03-04T09:16:05.7654321Z'), '2026-03-04T09:16:05.7654321Z');
    assert.equal(odataDateTime('2026-03-04T10:16:05+01:00'), '2026-03-04T09:16:05.000Z');
    assert.throws(() => odataDateTime('yesterday'));
  });

  it('the roles claim of an app token, and whether it satisfies a permission (or a broader one)', () => {
    const token = `x.${Buffer.from(JSON.stringify({ roles: ['User.Read.All', 'Directory.Read.All'] })).toString('base64url')}.y`;
    assert.deepEqual(rolesClaim(token), ['User.Read.All', 'Directory.Read.All']);
    assert.equal(rolesClaim('opaque-token'), undefined);
    assert.ok(satisfies(['Directory.Read.All'], PERMISSIONS.administrativeUnitsRead));
    assert.ok(!satisfies(['GroupMember.Read.All'], PERMISSIONS.groupMembershipRead), 'needs User.Read.All too');
    assert.ok(satisfies(['GroupMember.Read.All', 'User.Read.All'], PERMISSIONS.groupMembershipRead));
  });

  it('sharing permissions: anyone and external go, organization and internal stay, inherited are listed, owners ignored', () => {
    const p = (x: Partial<SharingPermission>) => ({ id: 'p', ...x }) as SharingPermission;
    const guest = {
      user: { displayName: 'J', email: 'j@fabrikam.com' },
      siteUser: { loginName: 'i:0#.f|membership|urn:spo:guest#j@fabrikam.com' },
    };
    const b2b = {
      user: { id: 'g1', email: 'k@fabrikam.com' },
      siteUser: { loginName: 'i:0#.f|membership|k_fabrikam.com#ext#@contoso.onmicrosoft.com' },
    };
    const member = {
      user: { id: 'u1', email: 'm@contoso.com' },
      siteUser: { loginName: 'i:0#.f|membership|m@contoso.com' },
    };
    assert.deepEqual(
      granteesOf(p({ grantedToIdentitiesV2: [guest, b2b, member] })).map((g) => g.external),
      [true, true, false],
    );
    assert.equal(verdictOf(p({ link: { scope: 'anonymous', type: 'view' } })).kind, 'remove');
    assert.equal(
      verdictOf(p({ link: { scope: 'users', type: 'view' }, grantedToIdentitiesV2: [member, guest] })).kind,
      'remove',
    );
    assert.equal(
      verdictOf(p({ link: { scope: 'users', type: 'edit' }, grantedToIdentitiesV2: [member] })).kind,
      'keep',
    );
    assert.equal(verdictOf(p({ link: { scope: 'organization', type: 'edit' } })).kind, 'keep');
    assert.deepEqual(
      verdictOf(p({ link: { scope: 'anonymous' }, inheritedFrom: { path: '/drives/d/root:/Reports' } })),
      { kind: 'inherited', from: '/drives/d/root:/Reports' },
    );
    assert.equal(verdictOf(p({ roles: ['owner'], grantedToV2: member })).kind, 'ignore');
    assert.equal(
      verdictOf(p({ roles: ['read'], grantedToV2: member })).kind,
      'ignore',
      'ordinary internal access is not sharing',
    );
    assert.equal(
      verdictOf(p({ roles: ['write'], grantedToV2: guest })).kind,
      'remove',
      'a direct grant to an external person',
    );
  });

  it('an alert without additionalData: policy and rule from its title and description, no invented information types', () => {
    for (const raw of buildSeedTenant(new Date()).alerts as Record<string, unknown>[]) {
      const full = mapGraphAlert(raw);
      const bare = mapGraphAlert({ ...raw, additionalData: undefined });
      assert.deepEqual([bare.policyName, bare.ruleName], [full.policyName, full.ruleName], String(raw.id));
      assert.deepEqual(bare.sensitiveInfoTypes, []);
    }
    const minimal = mapGraphAlert({
      id: 'dl1',
      createdDateTime: '2026-03-04T09:15:42Z',
      lastUpdateDateTime: '2026-03-04T09:15:42Z',
    });
    assert.deepEqual(
      [minimal.title, minimal.policyName, minimal.ruleName, minimal.workload, minimal.severity],
      ['(untitled alert)', undefined, undefined, 'Other', 'unknown'],
    );
  });

  it('a sharing URL encodes as the Graph docs show (u! + unpadded base64url)', () => {
    assert.equal(
      shareIdOf('https://onedrive.live.com/redir?resid=1231244193912!12&authKey=1201919!12921!1'),
      'u!aHR0cHM6Ly9vbmVkcml2ZS5saXZlLmNvbS9yZWRpcj9yZXNpZD0xMjMxMjQ0MTkzOTEyITEyJmF1dGhLZXk9MTIwMTkxOSExMjkyMSEx',
    );
  });
});
