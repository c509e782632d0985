import path from 'node:path';
import { z } from 'zod';
import type { WatermarkRepository } from '../../ingest/watermark-repository.js';
import { Journal } from './journal.js';

const KEY = 'watermark';

/** The poller's watermark in `DATA_DIR/ingest.jsonl`, under the key `watermark`. */
export class JournalWatermark implements WatermarkRepository {
  private constructor(private readonly journal: Journal<string>) {}

  static async open(dataDir: string): Promise<JournalWatermark> {
    return new JournalWatermark(await Journal.open(path.join(dataDir, 'ingest.jsonl'), z.string()));
  }

  async get(): Promise<string | undefined> {
    return this.journal.get(KEY);
  }

  set(watermark: string): Promise<void> {
    return this.journal.set(KEY, watermark);
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
