/**
 * What alerts of other products than DLP (Defender for Cloud, Sentinel, Defender for Endpoint…) say about
 * the threat, as their cards show it. DLP alerts have none of it.
 */
export interface ThreatInfo {
  /** MITRE ATT&CK tactics (Graph's `category`), e.g. `CredentialAccess`. */
  tactics: string[];
  /** MITRE ATT&CK technique ids (Graph's `mitreTechniques`), e.g. `T1059.001`. */
  techniques: string[];
  /** The product's own advice (Graph's `recommendedActions`), as it wrote it. */
  recommendedActions?: string;
  /** The cloud resources the alert is about (Azure, AWS or GCP resource evidence). */
  resources: CloudResource[];
}

/** One cloud resource of an alert's evidence. */
export interface CloudResource {
  /** The provider's full id (an Azure resource id, an AWS ARN, a GCP full resource name). */
  id: string;
  name: string;
  /** The provider's resource type, e.g. `Microsoft.KeyVault/vaults`. */
  type?: string;
  provider: 'azure' | 'aws' | 'gcp';
}
