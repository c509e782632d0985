import { strict as assert } from 'node:assert';
import { isDlpAlert, mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';

const T = '2026-01-01T00:00:00Z';
const ev = (type: string, fields: Record<string, unknown> = {}) => ({
  '@odata.type': `#microsoft.graph.security.${type}`,
  roles: ['contextual'],
  verdict: 'suspicious',
  remediationStatus: 'none',
  ...fields,
});
const withEvidence = (...evidence: unknown[]) =>
  mapGraphAlert({ id: 'x', createdDateTime: T, lastUpdateDateTime: T, evidence });

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
    assert.deepEqual(a.evidence, []);
    assert.equal(a.incidentId, undefined);
  });

  it('maps the incident, its link and the source; only dataLossPrevention is a DLP alert', () => {
    const a = mapGraphAlert({
      id: 'da1_-2',
      createdDateTime: T,
      lastUpdateDateTime: T,
      incidentId: '48031',
      incidentWebUrl: 'https://security.microsoft.com/incidents/48031?tid=t',
      serviceSource: 'microsoftDefenderForEndpoint',
    });
    assert.deepEqual(
      [a.incidentId, a.incidentUrl, a.source],
      ['48031', 'https://security.microsoft.com/incidents/48031?tid=t', 'microsoftDefenderForEndpoint'],
    );
    assert.equal(isDlpAlert(a), false);
    assert.equal(isDlpAlert({ source: 'dataLossPrevention' }), true);
    assert.equal(isDlpAlert({ source: undefined }), false, 'no serviceSource: not known to be DLP, as Graph filters');
  });

  it('maps the span of the activity; a value that is not a timestamp is dropped, not the alert', () => {
    const a = mapGraphAlert({
      id: 'x',
      createdDateTime: T,
      lastUpdateDateTime: T,
      firstActivityDateTime: '2025-12-31T22:10:00Z',
      lastActivityDateTime: '2025-12-31T23:40:00.1234567Z',
    });
    assert.deepEqual([a.firstActivityAt, a.lastActivityAt], ['2025-12-31T22:10:00Z', '2025-12-31T23:40:00.1234567Z']);
    const bad = mapGraphAlert({
      id: 'x',
      createdDateTime: T,
      lastUpdateDateTime: T,
      firstActivityDateTime: 'yesterday',
      lastActivityDateTime: 42,
    });
    assert.deepEqual([bad.firstActivityAt, bad.lastActivityAt], [undefined, undefined]);
  });

  it('maps every evidence entity with its kind, name, roles, verdict and remediation status, in order', () => {
    const a = withEvidence(
      ev('userEvidence', {
        roles: ['policyViolator'],
        userAccount: { userPrincipalName: 'lena@contoso.example', displayName: 'Lena' },
      }),
      ev('fileEvidence', { fileDetails: { fileName: 'q1.xlsx' }, remediationStatus: 'blocked' }),
      ev('mailboxEvidence', { primaryAddress: 'lena@contoso.example', upn: 'other@contoso.example' }),
      ev('analyzedMessageEvidence', { subject: 'Card details', networkMessageId: 'n-1' }),
      ev('analyzedMessageEvidence', { subject: null, networkMessageId: 'n-2' }),
      ev('teamsMessageEvidence', { subject: 'Chat', messageId: 'm-1' }),
      ev('deviceEvidence', { deviceDnsName: 'lt-1.corp.contoso.example', verdict: 'unknown' }),
      ev('urlEvidence', { url: 'https://example.com/x' }),
      ev('ipEvidence', { ipAddress: '203.0.113.7' }),
      ev('cloudApplicationEvidence', { displayName: 'Microsoft SharePoint Online' }),
      ev('processEvidence', { processCommandLine: 'tar -czf a.tgz src', roles: undefined, verdict: undefined }),
    );
    assert.deepEqual(a.evidence, [
      {
        kind: 'user',
        name: 'lena@contoso.example',
        roles: ['policyViolator'],
        verdict: 'suspicious',
        remediationStatus: 'none',
      },
      { kind: 'file', name: 'q1.xlsx', roles: ['contextual'], verdict: 'suspicious', remediationStatus: 'blocked' },
      {
        kind: 'mailbox',
        name: 'lena@contoso.example',
        roles: ['contextual'],
        verdict: 'suspicious',
        remediationStatus: 'none',
      },
      {
        kind: 'message',
        name: 'Card details',
        roles: ['contextual'],
        verdict: 'suspicious',
        remediationStatus: 'none',
      },
      { kind: 'message', name: 'n-2', roles: ['contextual'], verdict: 'suspicious', remediationStatus: 'none' },
      { kind: 'teamsMessage', name: 'Chat', roles: ['contextual'], verdict: 'suspicious', remediationStatus: 'none' },
      {
        kind: 'device',
        name: 'lt-1.corp.contoso.example',
        roles: ['contextual'],
        verdict: 'unknown',
        remediationStatus: 'none',
      },
      {
        kind: 'url',
        name: 'https://example.com/x',
        roles: ['contextual'],
        verdict: 'suspicious',
        remediationStatus: 'none',
      },
      { kind: 'ip', name: '203.0.113.7', roles: ['contextual'], verdict: 'suspicious', remediationStatus: 'none' },
      {
        kind: 'cloudApp',
        name: 'Microsoft SharePoint Online',
        roles: ['contextual'],
        verdict: 'suspicious',
        remediationStatus: 'none',
      },
      { kind: 'other', name: 'processEvidence', roles: [], verdict: undefined, remediationStatus: 'none' },
    ]);
  });

  it('falls back to the next display field, then to the type name; fields of the wrong type count as absent', () => {
    const a = withEvidence(
      ev('userEvidence', { userAccount: { userPrincipalName: 42, displayName: 'Lena Fischer' } }),
      ev('userEvidence', { userAccount: null }),
      ev('fileEvidence', { fileDetails: 'q1.xlsx' }),
      ev('deviceEvidence', { deviceDnsName: ' ', mdeDeviceId: 'abc123' }),
      ev('urlEvidence', { url: ['https://example.com'], roles: ['a', 7, null] }),
    );
    assert.deepEqual(
      a.evidence?.map((e) => [e.kind, e.name, e.roles]),
      [
        ['user', 'Lena Fischer', ['contextual']],
        ['user', 'userEvidence', ['contextual']],
        ['file', 'fileEvidence', ['contextual']],
        ['device', 'abc123', ['contextual']],
        ['url', 'urlEvidence', ['a']],
      ],
    );
  });

  it('an evidence type outside the security namespace, or a name that selects nothing, is other', () => {
    const a = withEvidence({ '@odata.type': 'toString' }, { '@odata.type': '#microsoft.graph.security.constructor' });
    assert.deepEqual(
      a.evidence?.map((e) => [e.kind, e.name]),
      [
        ['other', 'toString'],
        ['other', 'constructor'],
      ],
    );
  });
});
