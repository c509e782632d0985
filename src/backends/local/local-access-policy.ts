import type { AccessPolicyFileContent } from '../../state/file/access-policy-file.js';
import { PERSONAS, groupId } from './local-seed.js';

const [avery, sam, emma, rui, vic, mia] = PERSONAS;

/**
 * The access policy the local backend writes next to its data on first start: every demo persona's
 * grants (README "Demo personas"), some through groups so nested-group resolution is exercised.
 * Olu Outsider has no grant. The SOC Analysts group has none either: it contains SOC Tier 2 and Emma,
 * and a grant on it would widen Emma's EMEA-only scope.
 */
export function buildLocalAccessPolicy(): AccessPolicyFileContent {
  return {
    $comment:
      'DLP Triage access policy. Edit and save: the bot reloads it without a restart. See README "Access policy".',
    grants: [
      {
        name: `DLP Admins (${avery.displayName})`,
        group: groupId(1),
        roles: ['admin', 'responder', 'contentViewer'],
        scope: 'unrestricted',
      },
      { name: sam.displayName, user: sam.id, roles: ['analyst'], scope: 'unrestricted' },
      { name: emma.displayName, user: emma.id, roles: ['analyst'], scope: { administrativeUnits: ['EMEA'] } },
      { name: `SOC Tier 2 (${rui.displayName})`, group: groupId(3), roles: ['responder'], scope: 'unrestricted' },
      { name: `DLP Viewers (${vic.displayName})`, group: groupId(5), roles: ['viewer'], scope: 'unrestricted' },
      {
        name: `Compliance Managers (${mia.displayName})`,
        group: groupId(4),
        roles: ['manager'],
        scope: { administrativeUnits: ['EMEA'] },
      },
    ],
  };
}
