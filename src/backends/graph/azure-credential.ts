import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { Config } from '../../config.js';

export type CredentialSettings = Pick<
  Config,
  | 'AZURE_TENANT_ID'
  | 'AZURE_CLIENT_ID'
  | 'AZURE_CLIENT_SECRET'
  | 'AZURE_CLIENT_CERTIFICATE_PATH'
  | 'AZURE_CLIENT_CERTIFICATE_PASSWORD'
  | 'AZURE_USE_MANAGED_IDENTITY'
  | 'AZURE_MANAGED_IDENTITY_CLIENT_ID'
  | 'AZURE_FEDERATED_TOKEN_FILE'
  | 'AZURE_AUTHORITY_HOST'
  | 'AZURE_DISABLE_INSTANCE_DISCOVERY'
>;

export type CredentialKind = 'clientSecret' | 'clientCertificate' | 'managedIdentity' | 'workloadIdentity';

/**
 * The one `@azure/identity` credential the configuration names (config.ts checks that exactly one is
 * set). The authority host and instance discovery apply to every Entra-issued kind: sovereign and
 * private clouds need them, and so does a loopback emulator (graph-api.md §7.x); managed identity gets
 * its tokens from the hosting platform and takes neither.
 */
export function createAzureCredential(s: CredentialSettings): { kind: CredentialKind; credential: TokenCredential } {
  const authority = {
    ...(s.AZURE_AUTHORITY_HOST ? { authorityHost: s.AZURE_AUTHORITY_HOST } : {}),
    disableInstanceDiscovery: s.AZURE_DISABLE_INSTANCE_DISCOVERY,
  };
  const tenantId = s.AZURE_TENANT_ID ?? '';
  const clientId = s.AZURE_CLIENT_ID ?? '';
  if (s.AZURE_USE_MANAGED_IDENTITY) {
    const credential = s.AZURE_MANAGED_IDENTITY_CLIENT_ID
      ? new ManagedIdentityCredential({ clientId: s.AZURE_MANAGED_IDENTITY_CLIENT_ID })
      : new ManagedIdentityCredential();
    return { kind: 'managedIdentity', credential };
  }
  if (s.AZURE_CLIENT_CERTIFICATE_PATH) {
    const certificate = {
      certificatePath: s.AZURE_CLIENT_CERTIFICATE_PATH,
      ...(s.AZURE_CLIENT_CERTIFICATE_PASSWORD ? { certificatePassword: s.AZURE_CLIENT_CERTIFICATE_PASSWORD } : {}),
    };
    return {
      kind: 'clientCertificate',
      credential: new ClientCertificateCredential(tenantId, clientId, certificate, authority),
    };
  }
  if (s.AZURE_FEDERATED_TOKEN_FILE) {
    return {
      kind: 'workloadIdentity',
      credential: new WorkloadIdentityCredential({
        tenantId,
        clientId,
        tokenFilePath: s.AZURE_FEDERATED_TOKEN_FILE,
        ...authority,
      }),
    };
  }
  if (s.AZURE_CLIENT_SECRET) {
    return {
      kind: 'clientSecret',
      credential: new ClientSecretCredential(tenantId, clientId, s.AZURE_CLIENT_SECRET, authority),
    };
  }
  throw new Error(
    'No Azure credential is configured: set AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, AZURE_USE_MANAGED_IDENTITY=true or AZURE_FEDERATED_TOKEN_FILE.',
  );
}
