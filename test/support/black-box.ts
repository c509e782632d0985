/** The parts of a black-box suite: the real bot process, the fake Teams connector it answers, its DATA_DIR. */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TENANT_ID } from './activities.js';
import { BotProcess } from './bot-process.js';
import { FakeTeamsConnector, type FakeTeamsConnectorOptions } from './fake-teams-connector.js';

/** What a black-box suite talks to and reads back. */
export interface BlackBox {
  connector: FakeTeamsConnector;
  /** The connector's base URL: the `serviceUrl` of the activities the suite sends. */
  serviceUrl: string;
  dataDir: string;
  bot: BotProcess;
}

/**
 * Starts a fake Teams connector and the real bot over a fresh DATA_DIR (a temp folder named `prefix…`).
 * `prepare` writes files into DATA_DIR before the bot starts (an access policy, a key). What started is
 * stopped again when a later step fails.
 */
export async function startBlackBox(
  prefix: string,
  options: {
    env?: Record<string, string>;
    connector?: FakeTeamsConnectorOptions;
    prepare?: (dataDir: string) => Promise<void>;
  } = {},
): Promise<BlackBox> {
  const parts: Partial<BlackBox> = { connector: new FakeTeamsConnector(options.connector) };
  try {
    parts.serviceUrl = await parts.connector!.start();
    parts.dataDir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
    await options.prepare?.(parts.dataDir);
    parts.bot = new BotProcess({ DATA_DIR: parts.dataDir, ...options.env });
    await parts.bot.start();
    return parts as BlackBox;
  } catch (e) {
    await stopBlackBox(parts);
    throw e;
  }
}

/** Stops the bot and the connector and removes DATA_DIR; any part may be missing (a failed start). */
export async function stopBlackBox(box: Partial<BlackBox>): Promise<void> {
  await box.bot?.stop();
  await box.connector?.stop();
  if (box.dataDir) await fs.rm(box.dataDir, { recursive: true, force: true });
}

/** The bot app id of an authenticated black box: the audience its tokens are for. */
export const BOT_APP_ID = '0b5f4c3e-1a2b-4c3d-8e9f-0123456789ab';

/**
 * The environment of a bot with authentication on (MicrosoftAppId set) whose channel signing keys are
 * published at `openIdMetadata` (BotOpenIdMetadata, a loopback URL in tests).
 */
export function authenticatedEnv(openIdMetadata: string): Record<string, string> {
  return {
    MicrosoftAppId: BOT_APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppTenantId: TENANT_ID,
    SHARE_LINK_SECRET: randomBytes(32).toString('base64url'),
    BotOpenIdMetadata: openIdMetadata,
  };
}
