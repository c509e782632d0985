import { AssigneeResolver } from '../../bot/assignee-resolver.js';
import { alertCommands } from '../../bot/features/alert-commands.js';
import { historyVerbs } from '../../bot/features/history-verbs.js';
import { openVerbs } from '../../bot/features/open-verbs.js';
import { ChannelScope } from '../../bot/features/channel-scope.js';
import { reviewerCommands } from '../../bot/features/reviewer-commands.js';
import { stormVerbs } from '../../bot/features/storm-verbs.js';
import { updateVerbs } from '../../bot/features/update-verbs.js';
import { viewVerbs } from '../../bot/features/view-verbs.js';
import { AlertAuditTrail } from '../audit/alert-audit-trail.js';
import { AlertUpdates } from '../triage/alert-updates.js';
import type { Contribution } from './capability.js';
import type { Parts } from './parts.js';

/**
 * Working an alert: viewing it (refresh, details, history, Open in lists, `alert`, `my alerts`, `audit`) and
 * changing it (assign, comment, classify, status) from the card and from its thread, and from a storm card.
 */
export function triageCapability(parts: Parts): Contribution {
  const { store, directory, access, state, notifier, clock, views, audience, registry, delivery, log } = parts;
  const updates = new AlertUpdates(store, directory, access, state.audit, notifier, clock);
  const scope = new ChannelScope(parts.channels, access);
  const assignees = new AssigneeResolver(parts.roster);
  const trail = new AlertAuditTrail(store, access, state.audit, directory);
  return {
    inputs: [
      viewVerbs({ store, delivery, access, views }),
      updateVerbs({ triage: updates, store, views, assignees, log }),
      alertCommands({ store, access, views, audience, scope, directory, trail, clock }),
      historyVerbs({ trail, access }),
      openVerbs({ store, access, scope, notifier }),
      reviewerCommands(updates, store, registry),
      stormVerbs({ triage: updates, access, storms: parts.storms, assignees, clock, log }),
    ],
  };
}
