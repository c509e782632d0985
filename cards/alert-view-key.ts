import type { Alert } from '../src/triage/alert.js';
import type { AlertCardView } from './alert-card.js';

/** Whether the viewer is the alert's assignee: "assigned to you", and no Assign to me. */
export function isViewersOwn(alert: Alert, view: AlertCardView): boolean {
  return !!alert.assignedTo && !!view.viewer && !!view.assignee?.id && view.assignee.id === view.viewer.id;
}

/**
 * What each field of the view contributes to the card, for `alertViewKey`. Typed over every key of
 * AlertCardView, so a new field does not compile until it says how it changes the card.
 */
const VIEW_KEY: { [K in keyof AlertCardView]-?: (view: AlertCardView, alert: Alert) => unknown } = {
  actions: (v) => [...v.actions].sort(),
  i18n: (v) => [v.i18n.language, v.i18n.locale, v.i18n.timeZone],
  detail: (v) => v.detail ?? 'summary',
  assigneeChoices: (v) => v.assigneeChoices ?? null,
  showMatchedContent: (v) => !!v.showMatchedContent && v.detail === 'full',
  notice: (v) => v.notice ?? null,
  refreshUserIds: (v) => v.refreshUserIds ?? null,
  shareLinks: (v) => v.shareLinks ?? null,
  // Ages and the SLA badge move with the clock: whoever reuses a card by this key bounds its age.
  now: () => null,
  sla: (v) => v.sla ?? null,
  // Only whether it is the viewer's own alert shows, never who the viewer is.
  viewer: (v, a) => isViewersOwn(a, v),
  assignee: (v) => v.assignee ?? null,
  // Its version and tags are in it: a tag added from Teams draws the section again.
  incident: (v) => v.incident ?? null,
};
const VIEW_FIELDS = Object.keys(VIEW_KEY) as (keyof AlertCardView)[];

/**
 * A key that is equal for two (alert, view) pairs only when `renderAlertCard` draws the same card for
 * both at the same instant: the alert's version and the fields a change of which moves the version
 * (comments, status, assignee, classification), and every field of the view except the clock. Two readers
 * with the same rights, language and zone get the same key; the viewer's identity is not in it.
 */
export function alertViewKey(alert: Alert, view: AlertCardView): string {
  const version = [alert.id, alert.lastUpdatedAt, alert.comments.length, alert.status, alert.assignedTo ?? null];
  const rest = [alert.classification, alert.determination];
  return JSON.stringify([...version, ...rest, ...VIEW_FIELDS.map((f) => VIEW_KEY[f](view, alert))]);
}
