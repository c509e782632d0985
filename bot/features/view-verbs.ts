import type { AlertDelivery } from '../../src/delivery/alert-delivery.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import { findAlert } from '../../src/triage/alert-lookup.js';
import type { AlertStore } from '../../src/triage/ports.js';
import type { AlertViews } from '../alert-views.js';
import { cardAnswer } from '../registry/answer.js';
import { alertRefSchema, cardVerb } from '../registry/card-verb.js';
import type { Inputs } from '../registry/registry.js';

export interface ViewVerbDeps {
  store: Pick<AlertStore, 'get'>;
  delivery: Pick<AlertDelivery, 'publish'>;
  access: Pick<AccessService, 'authorize'>;
  views: AlertViews;
}

/** `alert.refresh` (the user's own view, also Teams' automatic refresh) and `alert.details`. */
export function viewVerbs({ store, delivery, access, views }: ViewVerbDeps): Inputs {
  return {
    verbs: [
      cardVerb(
        'alert.refresh',
        ['alert.view'],
        alertRefSchema,
        async ({ actor, data, trigger, teamId, i18n }) => {
          const alert = await findAlert(store, data.alertId);
          await access.authorize(actor, 'alert.view', alert);
          // A manual refresh also brings a stale channel card up to date for everyone; an automatic one
          // must not, or updating the shared card would trigger more automatic refreshes.
          if (trigger !== 'automatic') await delivery.publish([alert]);
          return { cardJson: await views.refreshCard(actor, alert, { teamId, i18n }) };
        },
        { repeatable: true },
      ),
      cardVerb(
        'alert.details',
        ['alert.details'],
        alertRefSchema,
        async ({ actor, data, teamId, i18n }) => {
          const alert = await findAlert(store, data.alertId);
          await access.authorize(actor, 'alert.details', alert);
          return cardAnswer(await views.detailsCard(actor, alert, { teamId, i18n }));
        },
        { repeatable: true },
      ),
    ],
  };
}
