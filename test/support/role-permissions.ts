/**
 * The roles' permissions as the issue text "Access model" writes them out, stated here independently of
 * src/triage/access/permissions.ts so that tests of the access rules check the code against the text.
 */
import type { Permission, Role } from '../../src/triage/access/permissions.js';

/** What an analyst may do on the alerts in their scope. */
export const ANALYST: Permission[] = [
  'alert.view',
  'alert.details',
  'alert.assign',
  'alert.comment',
  'alert.classify',
  'alert.setStatus',
  'alert.share',
  // Issue 11: investigating an alert is for analysts, responders and admins.
  'alert.investigate',
];

/** The remediation permissions a responder adds to an analyst's. */
export const REMEDIATE: Permission[] = ['alert.remediate.user', 'alert.remediate.file', 'alert.remediate.device'];

/** Each role's permissions. */
export const ROLE_PERMISSIONS: Record<Role, Permission[]> = {
  viewer: ['alert.view'],
  analyst: ANALYST,
  responder: [...ANALYST, ...REMEDIATE],
  contentViewer: ['alert.view', 'alert.details', 'alert.viewContent'],
  manager: ['alert.view', 'digest.receive'],
  admin: ['alert.view', 'alert.investigate', 'channel.manage', 'alert.remediate.undoAny'],
};
