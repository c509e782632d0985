/**
 * `npm run package`: builds appPackage/build/appPackage.zip for sideloading / upload to Teams.
 *
 * Env (from the process, then `.env` in the project root if present; the process wins):
 *   MicrosoftAppId   bot (Entra app) id, GUID, required
 *   PUBLIC_BASE_URL  public https URL of the bot, required; its host is the manifest's BOT_DOMAIN
 *   TEAMS_APP_ID     Teams app id, GUID, optional (defaults to MicrosoftAppId)
 * Flags: --no-dotenv  do not read .env
 *
 * Exits non-zero, naming every bad key / schema error, when anything is wrong. Logic lives in app-package.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import dotenv from 'dotenv';
import { APP_PACKAGE_DIR, AppPackageError, PackageEnvError, ZIP_PATH, buildAppPackage } from './app-package.js';

async function main(): Promise<number> {
  const projectRoot = dirname(APP_PACKAGE_DIR);
  const envFile = join(projectRoot, '.env');
  if (!process.argv.includes('--no-dotenv') && existsSync(envFile)) {
    dotenv.config({ path: envFile, quiet: true });
  }

  try {
    const built = await buildAppPackage(process.env);
    mkdirSync(dirname(ZIP_PATH), { recursive: true });
    writeFileSync(ZIP_PATH, built.zip);
    console.log(`Wrote ${relative(process.cwd(), ZIP_PATH) || ZIP_PATH} (${built.zip.length} bytes)`);
    console.log(`  manifestVersion ${String(built.manifest.manifestVersion)}, app id ${built.config.teamsAppId}`);
    console.log(`  bot id ${built.config.botId}, domain ${built.config.botDomain}`);
    return 0;
  } catch (e) {
    if (e instanceof PackageEnvError || e instanceof AppPackageError) {
      console.error(e.message);
    } else {
      console.error(`App package failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    return 1;
  }
}

process.exitCode = await main();
