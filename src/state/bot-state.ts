import type { ChannelRepository } from '../delivery/channel-repository.js';
import type { InvokeAnswerCache } from '../delivery/invoke-answer-cache.js';
import type { OutboxRepository } from '../delivery/outbox-repository.js';
import type { PersonalChatRepository } from '../delivery/personal-chat-repository.js';
import type { PostedCardRepository } from '../delivery/posted-card-repository.js';
import type { StormRepository } from '../delivery/storm-repository.js';
import type { DigestSubscriptionRepository } from '../digest/digest-subscription-repository.js';
import type { WatermarkRepository } from '../ingest/watermark-repository.js';
import type { RemediationPlanStore } from '../triage/remediation/remediation-plan.js';
import type { ShareLinkStore } from '../triage/share/share-link.js';
import type { AuditSink } from '../triage/ports.js';

/**
 * Everything the bot keeps itself, each kind behind its own repository port, opened together and closed
 * together: an implementation (file/ today) opens all of it and `close` waits for pending writes and
 * releases it. Nothing is used after `close`.
 */
export interface BotState {
  readonly audit: AuditSink;
  readonly outbox: OutboxRepository;
  readonly postedCards: PostedCardRepository;
  readonly channels: ChannelRepository;
  readonly personalChats: PersonalChatRepository;
  readonly watermark: WatermarkRepository;
  readonly shareLinks: ShareLinkStore;
  readonly remediationPlans: RemediationPlanStore;
  readonly digestSubscriptions: DigestSubscriptionRepository;
  readonly invokeAnswers: InvokeAnswerCache;
  readonly storms: StormRepository;
  close(): Promise<void>;
}
