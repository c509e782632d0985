import { config as loadDotenv } from 'dotenv';
import { composeApp } from './app/app.js';
import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';

/** Process entry: load config, compose, start, and stop cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nSee .env.sample for every key and its meaning.\n`);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.LOG_LEVEL);
  let app;
  try {
    app = await composeApp(config, log);
    await app.start();
  } catch (e) {
    log.fatal({ err: e }, 'start-up failed');
    process.stderr.write(`Start-up failed: ${(e as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    const force = setTimeout(() => {
      log.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    app.stop().then(
      () => process.exit(0),
      (e) => {
        log.error({ err: e }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
