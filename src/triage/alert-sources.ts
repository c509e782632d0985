/**
 * The products an alert can come from: Graph's `security.serviceSource` members (graph-api.md §1.3, §8),
 * without `unknown` and `unknownFutureValue`, which name no product. ALERT_SOURCES and `route add source=`
 * accept these; Graph's spelling is the canonical one.
 */
export const SERVICE_SOURCES = [
  'microsoftDefenderForEndpoint',
  'microsoftDefenderForIdentity',
  'microsoftDefenderForCloudApps',
  'microsoftDefenderForOffice365',
  'microsoft365Defender',
  'azureAdIdentityProtection',
  'microsoftAppGovernance',
  'dataLossPrevention',
  'microsoftDefenderForCloud',
  'microsoftSentinel',
  'microsoftInsiderRiskManagement',
  'microsoftThreatIntelligence',
  'microsoftSecurityForAI',
] as const;
export type ServiceSource = (typeof SERVICE_SOURCES)[number];

/** The DLP product: the default (and, before ALERT_SOURCES, the only) source of cards. */
export const DLP_SOURCE: ServiceSource = 'dataLossPrevention';

/**
 * Members that come after `unknownFutureValue` in Graph's enum: Graph returns them, and accepts them in
 * `$filter`, only on a request with `Prefer: include-unknown-enum-members` (graph-api.md §8).
 */
export const EVOLVED_SERVICE_SOURCES: readonly ServiceSource[] = [
  'microsoftDefenderForCloud',
  'microsoftSentinel',
  'microsoftInsiderRiskManagement',
  'microsoftThreatIntelligence',
  'microsoftSecurityForAI',
];

/** The source a word names, compared case-insensitively; undefined for anything else. */
export function serviceSourceNamed(word: string): ServiceSource | undefined {
  const lower = word.trim().toLowerCase();
  return SERVICE_SOURCES.find((s) => s.toLowerCase() === lower);
}

/** Whether an alert came from one of `sources` (an alert without a source is from none). */
export function isFromSources(alert: { source?: string }, sources: ReadonlySet<string>): boolean {
  return alert.source !== undefined && sources.has(alert.source);
}
