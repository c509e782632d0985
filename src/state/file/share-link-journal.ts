import path from 'node:path';
import { z } from 'zod';
import type { ShareLink, ShareLinkStore } from '../../triage/share/share-link.js';
import { Journal } from './journal.js';

const person = z.object({ id: z.string(), name: z.string().optional() });
const shareLinkSchema = z.object({
  linkId: z.string().min(1),
  alertId: z.string().min(1),
  tenantId: z.string().min(1),
  createdBy: person,
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().optional(),
  revokedBy: person.optional(),
}) satisfies z.ZodType<ShareLink>;

/** Share link records in `DATA_DIR/share-links.jsonl`, keyed by link id; revoking rewrites the record. */
export class ShareLinkJournal implements ShareLinkStore {
  private constructor(private readonly journal: Journal<ShareLink>) {}

  static async open(dataDir: string): Promise<ShareLinkJournal> {
    return new ShareLinkJournal(await Journal.open(path.join(dataDir, 'share-links.jsonl'), shareLinkSchema));
  }

  get(linkId: string): ShareLink | undefined {
    return this.journal.get(linkId);
  }

  forAlert(alertId: string): ShareLink[] {
    return this.journal.values().filter((l) => l.alertId === alertId);
  }

  save(links: readonly ShareLink[]): Promise<void> {
    return this.journal.write(links.map((l) => [l.linkId, l] as const));
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
