import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '../../../src/logger.js';
import type { BotState } from '../../../src/state/bot-state.js';
import { openFileState } from '../../../src/state/file/open-file-state.js';
import { systemClock } from '../../../src/triage/ports.js';
import { auditSinkContract } from './audit-sink.contract.js';
import { channelRepositoryContract } from './channel-repository.contract.js';
import { digestSubscriptionRepositoryContract } from './digest-subscription-repository.contract.js';
import { invokeAnswerCacheContract } from './invoke-answer-cache.contract.js';
import { outboxRepositoryContract } from './outbox-repository.contract.js';
import { personalChatRepositoryContract } from './personal-chat-repository.contract.js';
import { postedCardRepositoryContract } from './posted-card-repository.contract.js';
import { remediationPlanStoreContract } from './remediation-plan-store.contract.js';
import { shareLinkStoreContract } from './share-link-store.contract.js';
import type { StateFactory } from './state-fixture.js';
import { stormRepositoryContract } from './storm-repository.contract.js';
import { watermarkRepositoryContract } from './watermark-repository.contract.js';

const log = createLogger('silent');

/**
 * One repository of the file state, as the app opens it (openFileState), in a fresh temp dir; a reopen
 * closes the whole state and opens it again on the same dir.
 */
function fileState<R>(pick: (state: BotState) => R): StateFactory<R> {
  return async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-file-state-'));
    let state = await openFileState(dir, systemClock, log);
    return {
      get repo() {
        return pick(state);
      },
      async reopen() {
        await state.close();
        state = await openFileState(dir, systemClock, log);
        return pick(state);
      },
      async dispose() {
        await state.close();
        await fs.rm(dir, { recursive: true, force: true });
      },
    };
  };
}

describe('file state (src/state/file)', () => {
  outboxRepositoryContract(
    'journal (outbox.jsonl)',
    fileState((s) => s.outbox),
  );
  postedCardRepositoryContract(
    'journal (cards.jsonl)',
    fileState((s) => s.postedCards),
  );
  channelRepositoryContract(
    'journals (channels.jsonl, routes.jsonl)',
    fileState((s) => s.channels),
  );
  personalChatRepositoryContract(
    'journal (personal-chats.jsonl)',
    fileState((s) => s.personalChats),
  );
  watermarkRepositoryContract(
    'journal (ingest.jsonl)',
    fileState((s) => s.watermark),
  );
  shareLinkStoreContract(
    'journal (share-links.jsonl)',
    fileState((s) => s.shareLinks),
  );
  remediationPlanStoreContract(
    'journal (remediation-plans.jsonl)',
    fileState((s) => s.remediationPlans),
  );
  digestSubscriptionRepositoryContract(
    'journal (digest-subscriptions.jsonl)',
    fileState((s) => s.digestSubscriptions),
  );
  auditSinkContract(
    'hash-chained log (audit.jsonl)',
    fileState((s) => s.audit),
  );
  stormRepositoryContract(
    'journal (storms.jsonl)',
    fileState((s) => s.storms),
  );
  invokeAnswerCacheContract(
    'in memory (the file state keeps invoke answers in memory)',
    fileState((s) => s.invokeAnswers),
  );
});
