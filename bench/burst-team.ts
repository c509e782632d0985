import { promises as fs } from 'node:fs';
import path from 'node:path';
import { buildLocalAccessPolicy } from '../src/backends/local/local-access-policy.js';
import type { FakeTeamsMember } from '../test/support/fake-teams-connector.js';

/** The channel's members: Teams ids, Entra object ids and UPNs as Teams' member list gives them. */
export function burstMembers(count: number): FakeTeamsMember[] {
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return {
      id: `29:bench-member-${n}`,
      aadObjectId: `b0000000-0000-4000-8000-000000000${n}`,
      name: `Bench Member ${n}`,
      userPrincipalName: `member${n}@contoso.example`,
    };
  });
}

/** The demo policy plus an analyst grant (unrestricted) for each member: all of them may see more. */
export async function policyFile(dir: string, members: FakeTeamsMember[]): Promise<string> {
  const policy = buildLocalAccessPolicy();
  const grants = members.map((m) => ({ name: m.name, user: m.aadObjectId, roles: ['analyst'], scope: 'unrestricted' }));
  const file = path.join(dir, 'bench-access-policy.json');
  await fs.writeFile(file, JSON.stringify({ grants: [...policy.grants, ...grants] }), { mode: 0o600 });
  return file;
}
