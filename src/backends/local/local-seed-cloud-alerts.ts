import { graphTime, hashHex, hashInt } from './local-seed-hash.js';
import { CLOUD_ROWS, type CloudRow } from './local-seed-cloud-rows.js';
import type { LocalUser } from './local-tenant-schema.js';

/**
 * The seed's Defender for Cloud alerts (serviceSource `microsoftDefenderForCloud`, which Graph returns only
 * with `Prefer: include-unknown-enum-members`): a key vault read from a suspicious address by an employee's
 * account, data extracted from a storage account, and a suspicious PowerShell command on a virtual machine.
 * Shapes as alerts_v2 documents them (graph-api.md §1.3, §1.6: azureResourceEvidence, ipEvidence); they
 * become cards only where ALERT_SOURCES names Defender for Cloud. Each is alone in its incident.
 */

type RawAlert = Record<string, unknown>;

const SUBSCRIPTION = '3f2a9c1e-7b4d-4e8a-9c61-2d5e8f0a1b7c';

const resourceId = (group: string, provider: string, name: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${group}/providers/${provider}/${name}`;

/** The Defender for Cloud alerts, raised hours before `nowMs`, with incident ids after the DLP alerts'. */
export function buildCloudAlerts(
  nowMs: number,
  tenantId: string,
  accountOf: (key: string) => LocalUser,
  responder: string,
): RawAlert[] {
  return CLOUD_ROWS(accountOf, responder).map((row, i) => cloudAlert(row, 49_000 + i, nowMs, tenantId));
}

function cloudAlert(row: CloudRow, incident: number, nowMs: number, tenantId: string): RawAlert {
  const created = nowMs - row.age * 3_600_000 - hashInt(`dfc:${row.key}:jitter`, 1_800_000);
  const updated = row.status === 'new' ? created + 60_000 : created + 50 * 60_000;
  // `dc…` as an id prefix of Defender for Cloud alerts in Defender XDR is an assumption (unconfirmed).
  const id = `dc${hashHex(`dfc:${row.key}`, 32)}`;
  const incidentId = String(incident);
  const resource = resourceId(row.resource.group, row.resource.provider, row.resource.name);
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: hashHex(`dfc-provider:${row.key}`, 36),
    incidentId,
    incidentWebUrl: `https://security.microsoft.com/incidents/${incidentId}?tid=${tenantId}`,
    status: row.status,
    severity: row.severity,
    classification: 'unknown',
    determination: 'unknown',
    serviceSource: 'microsoftDefenderForCloud',
    detectionSource: row.detectionSource,
    productName: 'Microsoft Defender for Cloud',
    detectorId: hashHex(`dfc-detector:${row.key}`, 32),
    tenantId,
    title: row.title,
    description: row.description,
    recommendedActions: row.recommendedActions,
    category: row.tactics,
    assignedTo: row.assignedTo ?? null,
    alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${tenantId}`,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: row.techniques,
    createdDateTime: graphTime(created),
    lastUpdateDateTime: graphTime(updated),
    resolvedDateTime: null,
    firstActivityDateTime: graphTime(created - 20 * 60_000),
    lastActivityDateTime: graphTime(created - 5 * 60_000),
    systemTags: [],
    customDetails: {},
    additionalData: {},
    comments: [],
    evidence: cloudEvidence(row, resource, created),
  };
}

function cloudEvidence(row: CloudRow, resource: string, created: number): RawAlert[] {
  const base = (type: string, roles: string[]) => ({
    '@odata.type': `#microsoft.graph.security.${type}`,
    createdDateTime: graphTime(created),
    verdict: 'suspicious',
    remediationStatus: 'none',
    roles,
    detailedRoles: [],
  });
  const account = row.account;
  return [
    {
      ...base('azureResourceEvidence', ['attacked']),
      resourceId: resource,
      resourceName: row.resource.name,
      resourceType: row.resource.type,
    },
    ...(row.ip
      ? [{ ...base('ipEvidence', ['attacker']), ipAddress: row.ip.address, countryLetterCode: row.ip.country }]
      : []),
    ...(account
      ? [
          {
            ...base('userEvidence', ['compromised']),
            userAccount: {
              accountName: account.userPrincipalName.split('@')[0],
              azureAdUserId: account.id,
              displayName: account.displayName,
              domainName: account.userPrincipalName.split('@')[1],
              userPrincipalName: account.userPrincipalName,
              userSid: null,
            },
          },
        ]
      : []),
  ];
}
