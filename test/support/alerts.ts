/** Hand-built domain alerts for tests. */
import type { Alert } from '../../src/triage/alert.js';

/**
 * A new, unclassified, high-severity SharePoint alert `id` (title `Alert <id>`, created 2026-03-10 10:00 and
 * last updated 11:00 UTC), with `extra` laid over it.
 */
export function alertWith(id: string, extra: Partial<Alert> = {}): Alert {
  return {
    id,
    title: `Alert ${id}`,
    severity: 'high',
    status: 'new',
    classification: 'unknown',
    determination: 'unknown',
    createdAt: '2026-03-10T10:00:00.0000000Z',
    lastUpdatedAt: '2026-03-10T11:00:00.0000000Z',
    workload: 'SharePoint',
    sensitiveInfoTypes: [],
    comments: [],
    ...extra,
  };
}
