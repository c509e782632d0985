import { createHash } from 'node:crypto';
import type { AlertCardView } from '../cards/alert-card.js';
import type { Permission } from '../src/triage/access/permissions.js';
import type { Alert } from '../src/triage/alert.js';

/** The view fields the key accounts for (`now` through the cache's time window); any other field: no key. */
const KEYED: ReadonlySet<string> = new Set([
  'actions',
  'detail',
  'assigneeChoices',
  'showMatchedContent',
  'notice',
  'refreshUserIds',
  'shareLinks',
  'now',
  'sla',
  'viewer',
  'assignee',
  'i18n',
]);

/** The reader's language and zone, when the view carries a translator (they change every text and time). */
interface Reader {
  language?: unknown;
  locale?: unknown;
  timeZone?: unknown;
}

/**
 * The key of a rendered alert card (CardRenderCache): the alert's content (id, version and a fingerprint of
 * everything in it), the permissions the view was drawn for, and every input of the view except the clock.
 * Two views share a key only when they hold the same permissions and draw the same card; the viewer counts
 * only as whether they are the assignee, which is all the card shows of them. Undefined (do not cache) for
 * a view with a field this key does not know, or a translator without a language and zone.
 */
export function cardViewKey(
  kind: string,
  alert: Alert,
  view: AlertCardView,
  permissions: ReadonlySet<Permission>,
): string | undefined {
  if (Object.keys(view).some((k) => !KEYED.has(k))) return undefined;
  const reader = (view as { i18n?: Reader }).i18n;
  if (reader !== undefined && (typeof reader.locale !== 'string' || typeof reader.timeZone !== 'string')) return;
  return JSON.stringify([
    kind,
    alert.id,
    alert.lastUpdatedAt,
    createHash('sha1').update(JSON.stringify(alert)).digest('base64'),
    [...permissions].sort(),
    [...view.actions].sort(),
    view.detail ?? 'summary',
    !!view.showMatchedContent,
    view.notice ?? null,
    view.assigneeChoices ?? null,
    view.refreshUserIds ?? null,
    view.shareLinks ?? null,
    view.sla ?? null,
    [!!view.viewer, view.viewer?.id === view.assignee?.id],
    view.assignee ?? null,
    reader ? [reader.language, reader.locale, reader.timeZone] : null,
  ]);
}

/** Every instant an alert card may show a time relative to (CardRenderCache's time window). */
export function cardTimestamps(alert: Alert, view: AlertCardView): (string | undefined)[] {
  return [
    alert.createdAt,
    alert.lastUpdatedAt,
    alert.resolvedAt,
    alert.firstActivityAt,
    alert.lastActivityAt,
    ...alert.comments.map((c) => c.createdAt),
    ...(view.shareLinks ?? []).map((l) => l.expiresAt),
  ];
}
