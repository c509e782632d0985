import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { createPrivateFile } from '../fs/private-files.js';
import type { AccessPolicyFileContent } from '../state/file/access-policy-file.js';

/**
 * ACCESS_POLICY_FILE, or `<DATA_DIR>/access-policy.json`. A backend with a demo policy (the local one)
 * has it written there when the file does not exist yet (never over an existing one); an explicitly
 * named file must exist.
 */
export async function accessPolicyPath(
  config: Pick<Config, 'ACCESS_POLICY_FILE'>,
  dataDir: string,
  demoPolicy: AccessPolicyFileContent | undefined,
): Promise<string> {
  if (config.ACCESS_POLICY_FILE) return path.resolve(config.ACCESS_POLICY_FILE);
  const file = path.join(dataDir, 'access-policy.json');
  const exists = await fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists && demoPolicy) await createPrivateFile(file, JSON.stringify(demoPolicy, null, 2) + '\n');
  return file;
}
