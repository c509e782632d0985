import { promises as fs } from 'node:fs';
import type { Adapter } from 'lowdb';
import { replacePrivateFile, tightenFile } from '../../fs/private-files.js';

/**
 * lowdb's JSONFile, but private: the file is written 0600 (atomically, through a 0600 temporary file) and
 * an existing file readable by others is made 0600 on first read. Writes run one at a time, in call order.
 */
export class PrivateJsonFile<T> implements Adapter<T> {
  private queue: Promise<unknown> = Promise.resolve();
  private tightened = false;

  constructor(readonly file: string) {}

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
    if (!this.tightened) {
      await tightenFile(this.file);
      this.tightened = true;
    }
    return JSON.parse(text) as T;
  }

  write(data: T): Promise<void> {
    const text = JSON.stringify(data, null, 2);
    const next = this.queue.then(() => replacePrivateFile(this.file, text));
    this.queue = next.catch(() => undefined);
    return next;
  }
}
