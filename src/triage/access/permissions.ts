/**
 * Permissions are named like the card verbs they unlock; roles bundle them. A grant gives a role with a
 * scope; what a person may do is the union of their grants, each limited to its own scope.
 */
export const PERMISSIONS = [
  'alert.view',
  'alert.details',
  'alert.viewContent',
  'alert.assign',
  'alert.comment',
  'alert.classify',
  'alert.setStatus',
  'alert.share',
  /** See the user's activity around an alert, its related alerts and the user's alert history. */
  'alert.investigate',
  'alert.remediate.user',
  'alert.remediate.file',
  'alert.remediate.device',
  /** Undo a remediation someone else confirmed (everyone may undo their own). */
  'alert.remediate.undoAny',
  'digest.receive',
  'channel.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ANALYST: Permission[] = [
  'alert.view',
  'alert.details',
  'alert.assign',
  'alert.comment',
  'alert.classify',
  'alert.setStatus',
  'alert.share',
  'alert.investigate',
];

/** Role → permissions. `contentViewer` is an add-on, like Purview's Content Explorer Content Viewer. */
export const ROLE_PERMISSIONS = {
  viewer: ['alert.view'],
  analyst: ANALYST,
  responder: [...ANALYST, 'alert.remediate.user', 'alert.remediate.file', 'alert.remediate.device'],
  contentViewer: ['alert.view', 'alert.details', 'alert.viewContent'],
  manager: ['alert.view', 'digest.receive'],
  admin: ['alert.view', 'alert.investigate', 'channel.manage', 'alert.remediate.undoAny'],
} as const satisfies Record<string, readonly Permission[]>;

export type Role = keyof typeof ROLE_PERMISSIONS;
export const ROLES = Object.keys(ROLE_PERMISSIONS) as Role[];

/**
 * The order "you need the X role" names roles in: the least powerful first, so the advice is the smallest
 * grant that would do (counting permissions would put admin, which has few, before analyst).
 */
const LEAST_POWERFUL_FIRST: readonly Role[] = ['viewer', 'manager', 'contentViewer', 'analyst', 'responder', 'admin'];

/** The roles that include a permission, least powerful first (for "you need the X role" messages). */
export function rolesGranting(permission: Permission): Role[] {
  return LEAST_POWERFUL_FIRST.filter((r) => (ROLE_PERMISSIONS[r] as readonly Permission[]).includes(permission));
}

/** Does a role include a permission? */
export function roleHas(role: Role, permission: Permission): boolean {
  return (ROLE_PERMISSIONS[role] as readonly Permission[]).includes(permission);
}
