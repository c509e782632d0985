import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A fresh temp dir per test (fs.mkdtemp), removed after it. Call inside a `describe`; read `.path` in tests.
 */
export function useTempDir(prefix = 'dlp-unit-'): { readonly path: string } {
  let current: string | undefined;
  beforeEach(async () => {
    current = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  });
  afterEach(async () => {
    if (current) await fs.rm(current, { recursive: true, force: true });
    current = undefined;
  });
  return {
    get path(): string {
      if (!current) throw new Error('useTempDir: no temp dir outside a test');
      return current;
    },
  };
}
