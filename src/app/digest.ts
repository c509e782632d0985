import { digestCommand } from '../../bot/features/digest-command.js';
import { digestVerbs } from '../../bot/features/digest-verbs.js';
import { alertMessageOf } from '../delivery/alert-message.js';
import { DigestScheduler } from '../digest/digest-scheduler.js';
import { DigestSubscriptions } from '../digest/digest-subscriptions.js';
import { DigestService } from '../triage/digest/digest-service.js';
import type { Contribution } from './capability.js';
import type { Parts } from './parts.js';

/** The daily digest: subscriptions (`digest …`), the scheduler at each subscriber's local time, its buttons. */
export async function digestCapability(parts: Parts): Promise<Contribution> {
  const { config, store, access, directory, notifier, channels, state, clock, log, cards, messages } = parts;
  const subscriptions = await DigestSubscriptions.load(state.digestSubscriptions);
  const sla = { high: config.SLA_HOURS_HIGH, medium: config.SLA_HOURS_MEDIUM, low: config.SLA_HOURS_LOW };
  const digests = new DigestService({
    alerts: store,
    access,
    directory,
    notifier,
    subscriptions,
    channels,
    audit: state.audit,
    clock,
    sla,
  });
  const deliver = (id: string, localDate: string) => digests.deliver(id, localDate);
  const scheduler = new DigestScheduler(subscriptions, deliver, clock, log, {
    catchUpHours: config.DIGEST_CATCHUP_HOURS,
  });
  return {
    inputs: [
      // A list links each alert where it shows: its thread, or the storm card it was folded into.
      digestVerbs(digests, { get: (id) => alertMessageOf(id, { cards, storms: parts.storms }) }, clock, {
        directory,
        sla,
      }),
      digestCommand(digests, clock, messages),
    ],
    components: [{ name: 'digest scheduler', start: () => scheduler.start(), stop: () => scheduler.stop() }],
  };
}
