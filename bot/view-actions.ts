import type { AlertDelivery } from '../src/delivery/alert-delivery.js';
import type { AccessService } from '../src/triage/access/access-service.js';
import type { Alert } from '../src/triage/alert.js';
import type { AlertStore } from '../src/triage/ports.js';
import { TriageError } from '../src/triage/triage-error.js';
import type { AlertViews } from './alert-views.js';
import { cardInvokeResponse } from './error-presenter.js';
import { alertRefSchema, verb, type VerbHandlers } from './verb-handler.js';

export const NOT_FOUND_MESSAGE = 'This alert does not exist (any more), or you cannot see it.';

/** Loads an alert or fails with the message a missing (or invisible) alert gets. */
export async function loadAlert(store: AlertStore, alertId: string): Promise<Alert> {
  const alert = await store.get(alertId);
  if (!alert) throw new TriageError('not-found', NOT_FOUND_MESSAGE);
  return alert;
}

/** `alert.refresh` (the user's own view, also Teams' automatic refresh) and `alert.details`. */
export function viewActions(
  store: AlertStore,
  delivery: AlertDelivery,
  access: AccessService,
  views: AlertViews,
): VerbHandlers {
  return {
    'alert.refresh': verb(alertRefSchema, async ({ actor, data, trigger, teamId }) => {
      const alert = await loadAlert(store, data.alertId);
      await access.authorize(actor, 'alert.view', alert);
      // A manual refresh also brings a stale channel card up to date for everyone; an automatic one
      // must not, or updating the shared card would trigger more automatic refreshes.
      if (trigger !== 'automatic') await delivery.publish([alert]);
      return cardInvokeResponse(await views.userCard(actor, alert, { teamId }));
    }),
    'alert.details': verb(alertRefSchema, async ({ actor, data, teamId }) => {
      const alert = await loadAlert(store, data.alertId);
      await access.authorize(actor, 'alert.details', alert);
      return cardInvokeResponse(await views.detailsCard(actor, alert, { teamId }));
    }),
  };
}
