import { promises as fs } from 'node:fs';
import path from 'node:path';

/*
 * Everything the bot keeps in DATA_DIR (alerts, comments, audit trail, the share link key, delivery state)
 * is for the bot's own user only: files are created 0600 and folders 0700 (a umask only ever removes
 * bits), and a file found readable by others is tightened when the bot opens it. These helpers are the one
 * way the bot creates files there.
 */

/** Owner read and write only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Owner only. */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Creates `dir` and its missing parents 0700; an existing folder keeps its mode. Returns whether `dir` already existed.
 */
export async function ensurePrivateDir(dir: string): Promise<boolean> {
  const created = await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  return created === undefined;
}

/** Opens `file` for appending, creating it 0600; an existing file readable by others is made 0600. */
export async function openPrivateAppend(file: string): Promise<fs.FileHandle> {
  const handle = await fs.open(file, 'a', PRIVATE_FILE_MODE);
  try {
    await tighten(handle);
    return handle;
  } catch (e) {
    await handle.close();
    throw e;
  }
}

/** Makes an existing file 0600 if group or others may read or write it. */
export async function tightenFile(file: string): Promise<void> {
  const { mode } = await fs.stat(file);
  if ((mode & 0o077) !== 0) await fs.chmod(file, PRIVATE_FILE_MODE);
}

/** Creates `file` 0600 with `data`; fails with EEXIST when it exists (never replaces a file). */
export async function createPrivateFile(file: string, data: string): Promise<void> {
  const handle = await fs.open(file, 'wx', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data, 'utf8');
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with `data` atomically: writes a 0600 temporary file beside it and renames it over the
 * file, so a reader sees the old or the new content, never a mix, and never a moment of wider access.
 */
export async function replacePrivateFile(
  file: string,
  data: string,
  tmp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`),
): Promise<void> {
  // A temporary file left by a crash may have been created with another mode; start from nothing.
  await fs.rm(tmp, { force: true });
  await createPrivateFile(tmp, data);
  await fs.rename(tmp, file);
}

async function tighten(handle: fs.FileHandle): Promise<void> {
  const { mode } = await handle.stat();
  if ((mode & 0o077) !== 0) await handle.chmod(PRIVATE_FILE_MODE);
}
