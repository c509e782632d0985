import type { FileHandle } from 'node:fs/promises';

/** One piece of a file read from the end: a line without its '\n', or the bytes after the last '\n'. */
export interface BackwardLine {
  bytes: Buffer;
  /** False only for the bytes after the file's last '\n' (a write torn by a crash), yielded first. */
  complete: boolean;
}

const CHUNK = 64 * 1024;

/**
 * The lines of `handle` (the first `size` bytes) from the last to the first, read in chunks so that
 * neither memory nor a single step grows with the file; stop iterating to stop reading. Bytes after the
 * last '\n', if any, come first with `complete: false`.
 */
export async function* linesBackward(
  handle: FileHandle,
  size: number,
  chunkSize = CHUNK,
): AsyncGenerator<BackwardLine> {
  let position = size;
  let rest = Buffer.alloc(0);
  let seenNewline = false;
  while (position > 0) {
    const length = Math.min(chunkSize, position);
    position -= length;
    const data = Buffer.concat([await readAt(handle, position, length), rest]);
    let end = data.length;
    for (let nl = data.lastIndexOf(10, end - 1); nl !== -1; nl = end > 0 ? data.lastIndexOf(10, end - 1) : -1) {
      const bytes = data.subarray(nl + 1, end);
      if (seenNewline) yield { bytes, complete: true };
      else if (bytes.length > 0) yield { bytes, complete: false };
      seenNewline = true;
      end = nl;
    }
    rest = Buffer.from(data.subarray(0, end));
  }
  if (rest.length > 0 || seenNewline) yield { bytes: rest, complete: seenNewline };
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw new Error('the file shrank while it was read');
    done += bytesRead;
  }
  return buffer;
}
