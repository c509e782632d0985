import type { LocalUser } from './local-tenant-schema.js';

/**
 * The data of the seed's Defender for Cloud alerts (local-seed-cloud-alerts.ts builds them): titles,
 * descriptions and advice worded as Defender for Cloud words such alerts, MITRE tactics and techniques,
 * the Azure resource, the attacker's address (documentation ranges, RFC 5737) and the account, if any.
 */

export interface CloudRow {
  key: string;
  title: string;
  description: string;
  detectionSource: string;
  severity: string;
  status: string;
  /** Hours before now it was raised. */
  age: number;
  tactics: string;
  techniques: string[];
  recommendedActions: string;
  resource: { group: string; provider: string; name: string; type: string };
  /** The address the activity came from (documentation ranges, RFC 5737). */
  ip?: { address: string; country: string };
  /** Whose account did it (an employee of the seed), when an account did. */
  account?: LocalUser;
  assignedTo?: string;
}

const keyVaultRow = (account: LocalUser): CloudRow => ({
  key: 'keyvault',
  title: 'Access from a suspicious IP address to a key vault',
  description:
    'A key vault was accessed from an IP address that threat intelligence associates with suspicious activity. ' +
    'The account listed secrets and read two of them.',
  detectionSource: 'microsoftDefenderForKeyVault',
  severity: 'medium',
  status: 'new',
  age: 3,
  tactics: 'CredentialAccess',
  techniques: ['T1555', 'T1078.004'],
  recommendedActions:
    'Confirm with the account owner whether the access was legitimate. If not, rotate the secrets that were read, ' +
    'restrict the vault to trusted networks and review its access policies.',
  resource: {
    group: 'rg-payments-prod',
    provider: 'Microsoft.KeyVault/vaults',
    name: 'kv-payments-prod',
    type: 'Microsoft.KeyVault/vaults',
  },
  ip: { address: '203.0.113.77', country: 'NL' },
  account,
});

const storageRow: CloudRow = {
  key: 'storage',
  title: 'Unusual amount of data extracted from a storage account',
  description:
    'An unusually large amount of data was read from a blob container compared with its recent activity, ' +
    'from an address not seen for this storage account before.',
  detectionSource: 'microsoftDefenderForStorage',
  severity: 'high',
  status: 'new',
  age: 9,
  tactics: 'Exfiltration',
  techniques: ['T1537', 'T1567'],
  recommendedActions:
    'Check whether the reads were authorized. If not, revoke the shared access signatures in use, rotate the ' +
    'account keys and limit network access to the storage account.',
  resource: {
    group: 'rg-analytics',
    provider: 'Microsoft.Storage/storageAccounts',
    name: 'stcustomerexports01',
    type: 'Microsoft.Storage/storageAccounts',
  },
  ip: { address: '198.51.100.23', country: 'US' },
};

const vmRow: CloudRow = {
  key: 'vm',
  title: 'Suspicious PowerShell activity detected',
  description:
    'PowerShell ran an encoded command that downloaded and started a script from the internet on this virtual machine.',
  detectionSource: 'microsoftDefenderForServers',
  severity: 'high',
  status: 'inProgress',
  age: 30,
  tactics: 'Execution',
  techniques: ['T1059.001', 'T1105'],
  recommendedActions:
    'Review the command line and the downloaded script. If the activity is not expected, isolate the virtual ' +
    'machine, reset the credentials used on it and run a full antimalware scan.',
  resource: {
    group: 'rg-build-agents',
    provider: 'Microsoft.Compute/virtualMachines',
    name: 'vm-build-agent-03',
    type: 'Microsoft.Compute/virtualMachines',
  },
};

/** The seed's Defender for Cloud alerts, one row each; `account` and `assignedTo` come from the seed's people. */
export const CLOUD_ROWS = (accountOf: (key: string) => LocalUser, responder: string): CloudRow[] => [
  keyVaultRow(accountOf('daniel')),
  storageRow,
  { ...vmRow, assignedTo: responder },
];
