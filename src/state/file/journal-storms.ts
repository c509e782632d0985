import path from 'node:path';
import {
  stormEntryKey,
  stormEntrySchema,
  type StormEntry,
  type StormRepository,
} from '../../delivery/storm-repository.js';
import { Journal } from './journal.js';

/** Storm control's series, storms and members in `DATA_DIR/storms.jsonl`, keyed by stormEntryKey. */
export class JournalStorms implements StormRepository {
  private constructor(private readonly journal: Journal<StormEntry>) {}

  static async open(dataDir: string): Promise<JournalStorms> {
    return new JournalStorms(await Journal.open(path.join(dataDir, 'storms.jsonl'), stormEntrySchema));
  }

  async list(): Promise<StormEntry[]> {
    return this.journal.values();
  }

  save(entries: readonly StormEntry[]): Promise<void> {
    return this.journal.write(entries.map((e) => [stormEntryKey(e), e] as const));
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}
