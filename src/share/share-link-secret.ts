import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createPrivateFile } from '../fs/private-files.js';

const FILE = 'share-link-secret';

/**
 * The key that signs share links: SHARE_LINK_SECRET when set; otherwise (local mode only; config requires
 * it with MicrosoftAppId) 32 random bytes generated once into `DATA_DIR/share-link-secret` (mode 0600) and
 * reused on every start, so links survive restarts. The key is never logged.
 */
export async function shareLinkSecret(config: Config, dataDir: string, log: Logger): Promise<Buffer> {
  if (config.SHARE_LINK_SECRET) return Buffer.from(config.SHARE_LINK_SECRET, 'utf8');
  if (!config.localMode) throw new Error('SHARE_LINK_SECRET is required when MicrosoftAppId is set');
  const file = path.join(dataDir, FILE);
  const existing = await readSecret(file, log);
  if (existing) return existing;
  const secret = randomBytes(32);
  try {
    await createPrivateFile(file, secret.toString('base64url') + '\n');
    log.info({ file }, 'generated the share link key');
    return secret;
  } catch (e) {
    // Another process created it first: use theirs, or links made by one would not open in the other.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return (await readSecret(file, log))!;
    throw e;
  }
}

async function readSecret(file: string, log: Logger): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const secret = Buffer.from(text.trim(), 'base64url');
  if (secret.length < 32)
    throw new Error(
      `${file} does not hold a share link key (32 bytes, base64url); delete it to generate a new one (existing links stop working)`,
    );
  const { mode } = await fs.stat(file);
  if ((mode & 0o077) !== 0) {
    await fs.chmod(file, 0o600);
    log.warn({ file }, 'the share link key file was readable by others; made it 0600');
  }
  return secret;
}
