import type { Logger } from '../../logger.js';
import type { Clock } from '../../triage/ports.js';
import type { BotState } from '../bot-state.js';
import { MemoryInvokeAnswerCache } from '../memory/memory-invoke-answer-cache.js';
import { FileAuditLog } from './file-audit-log.js';
import { JournalChannels } from './journal-channels.js';
import { JournalDigestSubscriptions } from './journal-digest-subscriptions.js';
import { JournalOutbox } from './journal-outbox.js';
import { JournalPersonalChats } from './journal-personal-chats.js';
import { JournalPlanStore } from './journal-plan-store.js';
import { JournalPostedCards } from './journal-posted-cards.js';
import { JournalStorms } from './journal-storms.js';
import { JournalWatermark } from './journal-watermark.js';
import { ShareLinkJournal } from './share-link-journal.js';

interface Closable {
  close(): Promise<void>;
}

/**
 * The bot's state in files under `dataDir`: the hash-chained audit log and one journal per kind of state
 * (see each class for its file); invoke answers are kept in memory. `close` waits for pending writes and
 * closes everything in the reverse order of opening, the audit log last, so that whatever is written on
 * the way down is still audited. When a file cannot be opened, what was opened is closed again.
 */
export async function openFileState(dataDir: string, clock: Clock, log: Logger): Promise<BotState> {
  const opened: Closable[] = [];
  const open = async <T extends Closable>(opening: Promise<T>): Promise<T> => {
    const part = await opening;
    opened.unshift(part);
    return part;
  };
  try {
    const state = {
      audit: await open(FileAuditLog.open(dataDir, clock)),
      outbox: await open(JournalOutbox.open(dataDir)),
      postedCards: await open(JournalPostedCards.open(dataDir)),
      channels: await open(JournalChannels.open(dataDir)),
      personalChats: await open(JournalPersonalChats.open(dataDir)),
      watermark: await open(JournalWatermark.open(dataDir)),
      shareLinks: await open(ShareLinkJournal.open(dataDir)),
      remediationPlans: await open(JournalPlanStore.open(dataDir, clock.now())),
      digestSubscriptions: await open(JournalDigestSubscriptions.open(dataDir)),
      invokeAnswers: new MemoryInvokeAnswerCache(),
      storms: await open(JournalStorms.open(dataDir)),
    };
    let closing: Promise<void> | undefined;
    return { ...state, close: () => (closing ??= closeAll(opened, log)) };
  } catch (e) {
    await closeAll(opened, log).catch(() => undefined);
    throw e;
  }
}

/** Closes each part in turn, on past a failure (logged); rejects with the first failure at the end. */
async function closeAll(parts: readonly Closable[], log: Logger): Promise<void> {
  const failures: unknown[] = [];
  for (const part of parts) {
    try {
      await part.close();
    } catch (e) {
      log.error({ err: e, part: part.constructor.name }, 'closing the bot state failed');
      failures.push(e);
    }
  }
  if (failures.length > 0) throw failures[0];
}
