/** The demo access policy and the people it names, as the domain sees them, for tests over the seed. */
import { parseAccessPolicy, type AccessPolicyFileContent } from '../../src/state/file/access-policy-file.js';
import { buildLocalAccessPolicy } from '../../src/backends/local/local-access-policy.js';
import type { Persona } from '../../src/backends/local/local-seed.js';
import type { AccessPolicy } from '../../src/triage/access/access-policy.js';
import type { Requester } from '../../src/triage/access/access-service.js';

/** A policy file's content, parsed as the app parses access-policy.json. */
export const policyFrom = (content: AccessPolicyFileContent): AccessPolicy =>
  parseAccessPolicy(JSON.stringify(content), 'access-policy.json');

/** The demo policy the local backend writes on first start. */
export const demoPolicy = (): AccessPolicy => policyFrom(buildLocalAccessPolicy());

/** A demo persona as the one asking (id and display name). */
export const who = (p: Persona): Requester => ({ id: p.id, name: p.displayName });
