import { z } from 'zod';

/**
 * A driveItem sharing permission as `GET /drives/{d}/items/{i}/permissions` returns it (graph-api.md §4),
 * parsed tolerantly, and what the unshare plan makes of it.
 */

const identity = z.looseObject({
  id: z.string().nullish(),
  displayName: z.string().nullish(),
  email: z.string().nullish(),
  loginName: z.string().nullish(),
});
const identitySet = z.looseObject({
  user: identity.nullish(),
  siteUser: identity.nullish(),
  group: identity.nullish(),
  siteGroup: identity.nullish(),
});

export const sharingPermissionSchema = z.looseObject({
  id: z.string().min(1),
  roles: z.array(z.string()).nullish(),
  link: z
    .looseObject({ scope: z.string().nullish(), type: z.string().nullish(), webUrl: z.string().nullish() })
    .nullish(),
  grantedToV2: identitySet.nullish(),
  grantedToIdentitiesV2: z.array(identitySet).nullish(),
  inheritedFrom: z.looseObject({ path: z.string().nullish(), id: z.string().nullish() }).nullish(),
});
export type SharingPermission = z.output<typeof sharingPermissionSchema>;

export interface Grantee {
  name: string;
  external: boolean;
}

/**
 * The people a permission grants access to. A grantee is external when SharePoint marks them as a guest
 * in the login name (`#ext#` for B2B guests, `urn:spo:guest` for people invited by email) or when it has
 * no Entra object id (nobody in the directory). These markers are how SharePoint writes login names;
 * Graph does not document an "external" flag (unconfirmed).
 */
export function granteesOf(p: SharingPermission): Grantee[] {
  const sets = [...(p.grantedToV2 ? [p.grantedToV2] : []), ...(p.grantedToIdentitiesV2 ?? [])];
  return sets.flatMap((s) => {
    if (s.group || s.siteGroup) return [];
    const person = s.user ?? s.siteUser;
    if (!person) return [];
    const login = `${s.siteUser?.loginName ?? ''} ${s.user?.loginName ?? ''}`.toLowerCase();
    const external = login.includes('#ext#') || login.includes('urn:spo:guest') || !s.user?.id;
    return [{ name: person.email ?? person.displayName ?? person.loginName ?? 'someone', external }];
  });
}

/** What the plan does with one permission: remove it, keep it (and why), or leave it out of the plan. */
export type SharingVerdict =
  { kind: 'remove' } | { kind: 'keep'; reason: string } | { kind: 'inherited'; from: string } | { kind: 'ignore' };

/**
 * Anyone links and links or grants to external people go; organization links and internal grants stay;
 * inherited links cannot be removed on the file and are listed as such. Owners and ordinary (non-link)
 * internal or inherited access are not sharing, so they are left out.
 */
export function verdictOf(p: SharingPermission): SharingVerdict {
  if (p.roles?.includes('owner')) return { kind: 'ignore' };
  const grantees = granteesOf(p);
  if (!p.link && !grantees.some((g) => g.external)) return { kind: 'ignore' };
  if (p.inheritedFrom) return { kind: 'inherited', from: p.inheritedFrom.path ?? 'a parent folder' };
  if (p.link?.scope === 'anonymous') return { kind: 'remove' };
  if (grantees.some((g) => g.external)) return { kind: 'remove' };
  return {
    kind: 'keep',
    reason:
      p.link?.scope === 'organization'
        ? 'only people in your organization can use it'
        : 'everyone it is shared with is in your organization',
  };
}

/** "anyone-with-the-link view link https://…" / "specific-people view link for a@x, b@y" / "direct access for …". */
export function describeSharing(p: SharingPermission): string {
  const type = p.link?.type ?? (p.roles?.includes('write') ? 'edit' : 'view');
  const who = granteesOf(p).map((g) => g.name);
  const url = p.link?.webUrl ? ` ${p.link.webUrl}` : '';
  switch (p.link?.scope) {
    case 'anonymous':
      return `anyone-with-the-link ${type} link${url}`;
    case 'organization':
      return `organization-only ${type} link${url}`;
    case 'users':
      return `specific-people ${type} link${url}${who.length ? ` for ${who.join(', ')}` : ''}`;
    default:
      return p.link ? `${type} link${url}` : `direct ${type} access for ${who.join(', ')}`;
  }
}

/** The `/shares/{id}` id of a sharing or file URL: `u!` + unpadded base64url (graph-api.md §4). */
export function shareIdOf(url: string): string {
  return 'u!' + Buffer.from(new URL(url).href, 'utf8').toString('base64url');
}
