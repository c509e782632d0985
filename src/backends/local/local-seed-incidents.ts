import { graphTime, hashHex, hashInt } from './local-seed-hash.js';
import type { LocalIncident } from './local-tenant-schema.js';

/**
 * The seed's incidents. Defender XDR puts every alert in an incident: most seeded alerts are alone in
 * theirs, a few incidents group several alerts of one user, and one also holds a correlated Defender for
 * Endpoint alert (not DLP: it never becomes a card, but the investigation shows it with its incident).
 */

type RawAlert = Record<string, unknown>;

/** The incidents that group several seeded alerts, by the key seed rows name them with. */
export const INCIDENT_GROUPS = {
  lars: 'Multi-stage incident involving Exfiltration on one endpoint reported by multiple sources',
  marcus: 'U.S. financial data sent to personal accounts by one user',
  jessica: 'Protected health information leaving the organization on multiple workloads',
  kenji: 'Secrets and credentials shared externally by one user',
} as const;
export type IncidentGroup = keyof typeof INCIDENT_GROUPS;

/** Custom tags analysts put on some seeded incidents (routes filter on them: `route add tag=VIP`). */
export const INCIDENT_TAGS: Readonly<Partial<Record<IncidentGroup, readonly string[]>>> = {
  lars: ['VIP'],
  marcus: ['Finance'],
};

const SEVERITY_RANK: Record<string, number> = { informational: 1, low: 2, medium: 3, high: 4 };

export const incidentWebUrl = (incidentId: string, tenantId: string) =>
  `https://security.microsoft.com/incidents/${incidentId}?tid=${tenantId}`;

/** Moves every alert of a group into the incident of the group's first alert. */
export function groupAlerts(alerts: RawAlert[], groupOf: (index: number) => IncidentGroup | undefined): void {
  const incidentOfGroup = new Map<IncidentGroup, string>();
  alerts.forEach((alert, i) => {
    const group = groupOf(i);
    if (!group) return;
    const incidentId = incidentOfGroup.get(group) ?? String(alert.incidentId);
    incidentOfGroup.set(group, incidentId);
    alert.incidentId = incidentId;
    alert.incidentWebUrl = incidentWebUrl(incidentId, String(alert.tenantId));
  });
}

/**
 * One incident per incidentId the alerts name: its severity the highest of its alerts', active while one
 * is new (in progress while one is), created with its first alert and updated with its last change;
 * named after the group, else after its only alert.
 */
export function buildIncidents(
  alerts: RawAlert[],
  names: ReadonlyMap<string, string> = new Map(),
  tags: ReadonlyMap<string, readonly string[]> = new Map(),
): LocalIncident[] {
  const byIncident = new Map<string, RawAlert[]>();
  for (const a of alerts) byIncident.set(String(a.incidentId), [...(byIncident.get(String(a.incidentId)) ?? []), a]);
  return [...byIncident].map(([id, members]) => {
    const text = (key: string) => members.map((a) => String(a[key]));
    const severity = text('severity').sort((a, b) => (SEVERITY_RANK[b] ?? 0) - (SEVERITY_RANK[a] ?? 0))[0]!;
    const statuses = text('status');
    return {
      id,
      displayName: names.get(id) ?? String(members[0]!.title),
      incidentWebUrl: incidentWebUrl(id, String(members[0]!.tenantId)),
      severity,
      status: statuses.includes('new') ? 'active' : statuses.includes('inProgress') ? 'inProgress' : 'resolved',
      createdDateTime: text('createdDateTime').sort()[0]!,
      lastUpdateDateTime: text('lastUpdateDateTime').sort().at(-1)!,
      assignedTo: null,
      classification: 'unknown',
      determination: 'unknown',
      customTags: [...(tags.get(id) ?? [])],
      systemTags: [],
      comments: [],
    };
  });
}

/** The group names of the incidents the seed groups, by incident id. */
export function groupNames(alerts: RawAlert[], groupOf: (index: number) => IncidentGroup | undefined) {
  const names = new Map<string, string>();
  alerts.forEach((a, i) => {
    const group = groupOf(i);
    if (group) names.set(String(a.incidentId), INCIDENT_GROUPS[group]);
  });
  return names;
}

/** The custom tags of the incidents the seed groups (INCIDENT_TAGS), by incident id. */
export function groupTags(alerts: RawAlert[], groupOf: (index: number) => IncidentGroup | undefined) {
  const tags = new Map<string, readonly string[]>();
  alerts.forEach((a, i) => {
    const group = groupOf(i);
    const groupTags = group && INCIDENT_TAGS[group];
    if (groupTags) tags.set(String(a.incidentId), groupTags);
  });
  return tags;
}

const evidenceOf = (alert: RawAlert, type: string) =>
  (alert.evidence as RawAlert[]).find((e) => e['@odata.type'] === `#microsoft.graph.security.${type}`);

/**
 * The Defender for Endpoint alert that correlates with an Endpoint DLP alert (the archive copied to USB):
 * same user, device and file, raised a few minutes after it, in its incident, taken by a responder
 * (`assignedTo`) in the Defender portal. `da…` ids as Microsoft's examples have them.
 */
export function correlatedEndpointAlert(dlp: RawAlert, assignedTo: string): RawAlert {
  const created = Date.parse(String(dlp.createdDateTime)) + 4 * 60_000 + hashInt(`mde:${dlp.id}`, 60_000);
  const first = Date.parse(String(dlp.firstActivityDateTime));
  const digits = BigInt(`0x${hashHex(`mde-id:${dlp.id}`, 15)}`)
    .toString()
    .padStart(18, '0')
    .slice(0, 18);
  const id = `da${digits}_-${hashInt(`mde-suffix:${dlp.id}`, 2_000_000_000)}`;
  const fileName = String((evidenceOf(dlp, 'fileEvidence')!.fileDetails as RawAlert).fileName);
  const tenantId = String(dlp.tenantId);
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: id.slice(2),
    incidentId: dlp.incidentId,
    incidentWebUrl: dlp.incidentWebUrl,
    status: 'inProgress',
    severity: 'medium',
    classification: 'unknown',
    determination: 'unknown',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'microsoftDefenderForEndpoint',
    productName: 'Microsoft Defender for Endpoint',
    detectorId: 'b5d3a8e9-6c1f-4f0e-9a0d-7e2c4b1a3f58',
    tenantId,
    title: 'Possible data exfiltration: archive staged and copied to removable storage',
    description:
      `An archive (${fileName}) was created from source folders and copied to a removable storage device ` +
      'shortly after. This can indicate that data was staged for exfiltration.',
    recommendedActions:
      'Review the files in the archive and the removable device, and contact the user. Isolate the device if the copy was not authorized.',
    category: 'Exfiltration',
    assignedTo,
    alertWebUrl: `https://security.microsoft.com/alerts/${id}?tid=${tenantId}`,
    actorDisplayName: null,
    threatDisplayName: null,
    threatFamilyName: null,
    mitreTechniques: ['T1074.001', 'T1560.001', 'T1052.001'],
    createdDateTime: graphTime(created),
    lastUpdateDateTime: graphTime(created + 30_000),
    resolvedDateTime: null,
    firstActivityDateTime: graphTime(first - 35 * 60_000),
    lastActivityDateTime: graphTime(first),
    systemTags: [],
    customDetails: {},
    additionalData: {},
    comments: [],
    evidence: correlatedEvidence(dlp, created, fileName),
  };
}

/** The DLP alert's user, device and file as the Defender alert names them, and the archiving process. */
function correlatedEvidence(dlp: RawAlert, created: number, fileName: string): RawAlert[] {
  const evidence = (type: string, roles: string[]) => ({
    ...evidenceOf(dlp, type)!,
    createdDateTime: graphTime(created),
    verdict: 'suspicious',
    remediationStatus: 'none',
    roles,
    detailedRoles: [],
  });
  return [
    evidence('userEvidence', ['compromised']),
    evidence('deviceEvidence', ['compromised']),
    evidence('fileEvidence', ['contextual']),
    processEvidence(created, fileName),
  ];
}

/** The archiving process (an evidence type the mapper shows as `other`). */
function processEvidence(created: number, fileName: string): RawAlert {
  return {
    '@odata.type': '#microsoft.graph.security.processEvidence',
    createdDateTime: graphTime(created),
    verdict: 'suspicious',
    remediationStatus: 'none',
    roles: [],
    detailedRoles: [],
    processId: 4000 + hashInt(`pid:${fileName}`, 60_000),
    processCommandLine: `tar -czf ${fileName} src`,
    imageFile: { fileName: 'tar', filePath: '/usr/bin' },
    detectionStatus: 'detected',
  };
}
