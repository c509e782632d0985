import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

/** Headless Chromium for tests, as design.md §7 says: Debian's package, driven by playwright-core. */
export const CHROMIUM = '/usr/bin/chromium';

/** Whether this machine has it (`.ci/run` installs it). */
export const hasChromium = existsSync(CHROMIUM);

/**
 * design.md §7; playwright adds `--headless` itself (headless: true), and the fresh user data dir is
 * launchPersistentContext's first argument (playwright refuses `--user-data-dir` in `args`).
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Chromium on a fresh `profile` folder, hermetic: requests to any host but `allowHosts` are
 * aborted (without that, pages ask CDNs for fonts and Chromium stalls on background connections).
 */
export async function launchChromium(
  profile: string,
  allowHosts: readonly string[],
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserContext> {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 30_000,
    ...options,
  });
  await context.route('**/*', (route) =>
    allowHosts.includes(new URL(route.request().url()).hostname) ? route.continue() : route.abort(),
  );
  return context;
}
