import type { GraphOperation } from './graph-failure.js';
import { graphPath } from './graph-path.js';
import { PERMISSIONS } from './graph-permissions.js';

/** The drive and item ids a file step was planned for (`driveId`, `itemId`). */
export type DriveItemAt = Record<string, string>;

/** `/drives/{driveId}/items/{itemId}`; missing or dot-segment ids are refused (graph-path.ts). */
export const driveItemPath = (at: Record<string, string | undefined>) =>
  graphPath`/drives/${at.driveId ?? ''}/items/${at.itemId ?? ''}`;

/** A call on a file (Files.ReadWrite.All), and what to say when it is not there. */
export const fileOperation = (doing: string, notFound?: string): GraphOperation => ({
  doing,
  permission: PERMISSIONS.files,
  ...(notFound ? { notFound } : {}),
});
