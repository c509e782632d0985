import { OutboxSender } from '../delivery/outbox-sender.js';
import { TEAMS_CONVERSATION_LIMITS } from '../delivery/rate-limiter.js';
import { renderStormCard } from '../../cards/storm-card.js';
import { AlertPoller } from '../ingest/alert-poller.js';
import type { Contribution } from './capability.js';
import { countInTurnSends } from './in-turn-sends.js';
import { noticeCards } from './notice-cards.js';
import type { Parts } from './parts.js';

/**
 * Delivery: the poller turns new and changed alerts into outbox items, the sender drains the outbox to
 * Teams within its limits (cards drawn at send time), and parked alerts are routed as channels appear.
 */
export async function deliveryCapability(parts: Parts): Promise<Contribution> {
  const { config, options, log, clock, state, outbox, cards, channels, chats, delivery, views, audience } = parts;
  // Channel posts read in the catalogue's default language, as channel alert cards do.
  const channelReader = parts.messages.translator();
  const sender = new OutboxSender(
    outbox,
    cards,
    channels,
    chats,
    options.teamsSender ?? parts.connector,
    async (alert, { channelId }) =>
      views.channelCard(alert, await audience.userIdsFor(alert, channels.get(channelId)?.teamId)),
    noticeCards(parts),
    state.audit,
    log,
    clock,
    {
      conversationLimits: options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS,
      tenantLimits: [{ limit: config.TEAMS_TENANT_RATE_PER_SECOND, windowMs: 1_000 }],
      maxAgeMs: config.OUTBOX_MAX_AGE_HOURS * 3_600_000,
      storms: {
        control: parts.storms,
        render: (storm, members) =>
          renderStormCard(
            { stormId: storm.id, revision: storm.revision, policyName: storm.policyName, members },
            { i18n: channelReader, now: clock.now() },
          ),
      },
    },
  );
  parts.adapter.use(countInTurnSends(sender));
  channels.onChange(() => {
    delivery.routeParked().catch((e) => log.error({ err: e }, 'routing parked alerts failed'));
  });
  const interval = config.POLL_INTERVAL_SECONDS * 1000;
  const poller = await AlertPoller.open(state.watermark, parts.store, delivery, interval, log);
  return {
    components: [
      {
        name: 'outbox sender',
        start: async () => {
          await delivery.routeParked();
          sender.start();
        },
        stop: () => sender.stop(),
      },
      { name: 'alert poller', start: () => poller.start(), stop: () => poller.stop() },
    ],
    health: () => ({ triageChannels: channels.list().length, outbox: sender.stats(), watermark: poller.watermark }),
  };
}
