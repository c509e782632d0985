import { investigationInputs } from '../../bot/features/investigation-inputs.js';
import { InvestigationService } from '../triage/investigation/investigation-service.js';
import type { Contribution } from './capability.js';
import type { Parts } from './parts.js';

/** Investigation from the card: the user's activity, related alerts, history, evidence and the query. */
export function investigationCapability(parts: Parts): Contribution {
  const { backend, config } = parts;
  const investigations = new InvestigationService({
    alerts: parts.store,
    access: parts.access,
    activity: backend.activity,
    related: backend.related,
    audit: parts.state.audit,
    clock: parts.clock,
    windowHours: config.INVESTIGATION_WINDOW_HOURS,
    cacheMs: config.INVESTIGATION_CACHE_MINUTES * 60_000,
  });
  const { store, access, chats, notifier, log } = parts;
  return { inputs: [investigationInputs({ investigations, store, access, chats, notifier, log })] };
}
