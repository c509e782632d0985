/**
 * `npm run audit -- verify [DATA_DIR]` (default ./data): checks the hash chain of DATA_DIR/audit.jsonl.
 * Prints OK with the number of entries and the hash of the last one, and exits 0; or names the first
 * broken or missing entry (line number, what is wrong) and exits 1. Exits 2 when the file cannot be read
 * or the command is wrong. Logic lives in src/audit/audit-verify.ts.
 */
import path from 'node:path';
import { verifyAuditLog } from '../src/audit/audit-verify.js';

const USAGE = 'Usage: npm run audit -- verify [DATA_DIR]   (DATA_DIR defaults to ./data)';

async function main(argv: string[]): Promise<number> {
  const [command, dataDir = './data', ...extra] = argv;
  if (command !== 'verify' || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const file = path.resolve(dataDir, 'audit.jsonl');
  let report;
  try {
    report = await verifyAuditLog(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(
      code === 'ENOENT' ? `No audit log at ${file}.\n` : `Cannot read ${file} (${code ?? 'read error'}).\n`,
    );
    return 2;
  }
  for (const note of report.notes) process.stdout.write(`note: ${note}\n`);
  if (!report.ok) {
    const { line, what } = report.problem!;
    process.stdout.write(
      `${file}: BROKEN at line ${line}: ${what}.\n${report.entries} entries before it chain correctly.\n`,
    );
    return 1;
  }
  process.stdout.write(`${file}: OK, ${report.entries} entries, the hash chain is intact.\n`);
  // Truncating the end of a chain leaves no trace in it: a head noted elsewhere shows it.
  if (report.entries > 0)
    process.stdout.write(`Hash of the last entry (note it elsewhere to notice a later truncation): ${report.head}\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
