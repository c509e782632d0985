/** Reading the files a test's code under test wrote, independently of that code. */
import { promises as fs } from 'node:fs';

/** The non-empty lines of a text file; none when the file does not exist yet. */
export async function readLines(file: string): Promise<string[]> {
  const text = await fs.readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return '';
    throw e;
  });
  return text.split('\n').filter(Boolean);
}

/** The records of a JSON-lines file (audit.jsonl, the journals); none when the file does not exist yet. */
export async function readJsonLines<T = any>(file: string): Promise<T[]> {
  return (await readLines(file)).map((line) => JSON.parse(line) as T);
}

/** A JSON file, parsed. */
export async function readJsonFile<T = any>(file: string): Promise<T> {
  return JSON.parse(await fs.readFile(file, 'utf8')) as T;
}

/** The permission bits of a file or folder (0o600…). */
export const modeOf = async (file: string): Promise<number> => (await fs.stat(file)).mode & 0o777;
